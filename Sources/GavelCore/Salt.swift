/// The `salt=` of an `open`, `bid` or `withdraw` entry: 128 random bits as 32 lower-case hex characters.
/// The other fields of such an entry can be guessed, and other entries' hashes are shown everywhere
/// (`prev`, `PROOF`, tree paths): without the salt a sealed amount or a secret reserve would be found
/// by hashing candidate amounts. GavelCore draws nothing itself: the server passes the random bytes in.
public struct Salt: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 16

    public let hex: String

    /// Exactly 32 lower-case hex characters; `nil` for anything else.
    public init?(hex text: some StringProtocol) {
        guard text.utf8.count == 2 * Self.byteCount,
            text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        hex = String(text)
    }

    public var description: String { hex }
}
