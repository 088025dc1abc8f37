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

    /// `byteCount` random bytes as the salt they spell.
    public init(bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == Self.byteCount, "a salt is \(Self.byteCount) bytes")
        hex = String(unsafeUninitializedCapacity: 2 * Self.byteCount) { text in
            var index = 0
            for byte in bytes {
                text[index] = Self.hexDigits[Int(byte >> 4)]
                text[index + 1] = Self.hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public var description: String { hex }
}
