import GavelCore

/// A receipt key used before a rotation, listed by `PUBKEY` so older receipts can still be checked.
public struct RetiredKey: Hashable, Sendable {
    /// Base64 of the SPKI DER public key.
    public let keyBase64: String
    public let from: Timestamp
    public let until: Timestamp

    public init(keyBase64: String, from: Timestamp, until: Timestamp) {
        self.keyBase64 = keyBase64
        self.from = from
        self.until = until
    }
}
