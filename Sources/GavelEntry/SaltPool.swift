public import GavelCore
import GavelCrypto

/// The salts of new entries (the engine's, and gavel-ledger-fill's), drawn from OpenSSL's DRBG
/// `saltsPerDraw` at a time: a draw per salt cost a BID about 2 µs of the event loop (RAND_bytes' locking
/// and reseed checks). Salts are
/// published with their entries, so holding the next ones in memory tells no one more than the DRBG's
/// own state would.
public struct SaltPool: Sendable {
    public static let saltsPerDraw = 256

    private var bytes: [UInt8] = []
    private var nextOffset = 0

    public init() {}

    public mutating func next() throws(GavelError) -> Salt {
        if nextOffset == bytes.count {
            do {
                bytes = try SecureRandom.bytes(count: Self.saltsPerDraw * Salt.byteCount)
            } catch {
                throw .internal("no randomness for a salt: \(error)")
            }
            nextOffset = 0
        }
        let drawn = bytes[nextOffset..<nextOffset + Salt.byteCount]
        nextOffset += Salt.byteCount
        guard let salt = Salt(hex: Hex.encode(drawn)) else { throw .internal("a salt is not 32 hex characters") }
        return salt
    }
}
