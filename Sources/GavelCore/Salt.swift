/// The `salt=` of an `open`, `bid` or `withdraw` entry: 128 random bits as 32 lower-case hex characters.
/// The other fields of such an entry can be guessed, and other entries' hashes are shown everywhere
/// (`prev`, `PROOF`, tree paths): without the salt a sealed amount or a secret reserve would be found
/// by hashing candidate amounts. GavelCore draws nothing itself: the server passes the random bytes in.
public struct Salt: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 16

    public let hex: String

    /// Exactly 32 lower-case hex characters; `nil` for anything else.
    public init?(hex text: some StringProtocol) {
        // Checked as a String: through the generic `StringProtocol` every byte was a call, a tenth of the
        // time a restart spends decoding lines.
        let hex = String(text)
        guard hex.utf8.count == 2 * Self.byteCount,
            hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.hex = hex
    }

    public var description: String { hex }
}
