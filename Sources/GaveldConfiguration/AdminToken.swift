/// A bearer token that must never reach a log: its description is redacted.
public struct AdminToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted admin token>" }
    public var debugDescription: String { description }

    /// A token is one word of `AUTH <token>`: printable ASCII without spaces, at most 256 characters.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 256 && text.utf8.allSatisfy { (0x21...0x7e).contains($0) }
    }
}
