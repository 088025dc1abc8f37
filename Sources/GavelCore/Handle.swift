/// A social-media handle: 1–15 of `A-Z a-z 0-9 _`, case-insensitive, stored lower-case without `@`.
public struct Handle: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let maximumLength = 15

    public let name: String

    /// Accepts an optional leading `@`; anything else outside the alphabet is `BAD_HANDLE`.
    public init(parsing text: some StringProtocol) throws(GavelError) {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "@") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else {
            throw .badHandle("handle must be 1 to \(Self.maximumLength) characters")
        }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                lowered.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                lowered.append(byte + 32)
            default:
                throw .badHandle("handle may only contain A-Z a-z 0-9 _")
            }
        }
        name = String(decoding: lowered, as: UTF8.self)
    }

    public var description: String { name }

    public static func < (lhs: Handle, rhs: Handle) -> Bool { lhs.name < rhs.name }
}
