/// An `openssl` command that a test needed failed; what it was asked and what it said.
public struct OpenSSLCommandError: Error, Sendable, CustomStringConvertible {
    public let arguments: [String]
    public let output: String

    public var description: String { "openssl \(arguments.joined(separator: " ")) failed: \(output)" }
}
