public import GavelCrypto
public import GavelLedger

/// A signed ledger entry as the server sends it: `OK v=1 seq=... prev=<hex> hash=<hex> sig=<base64>`.
/// The signature covers the canonical line, the bytes from `v=` up to ` sig=`.
public struct Receipt: Hashable, Sendable {
    /// `v=1 seq=... hash=<hex>`, exactly the bytes that were signed.
    public let canonicalLine: String
    public let signatureBase64: String
    public let seq: Int64

    /// Parses a receipt line, with or without its leading `OK `; nothing is verified yet.
    public init(parsing line: some StringProtocol) throws(ReceiptError) {
        let text = line.hasPrefix("OK ") ? Substring(line.dropFirst(3)) : Substring(line)
        guard text.hasPrefix("v=") else { throw .malformed("a receipt starts with v=") }
        guard let lastSpace = text.utf8.lastIndex(of: UInt8(ascii: " ")),
            text[lastSpace...].utf8.starts(with: Self.signatureMarker.utf8)
        else {
            throw .malformed("the last word is not sig=")
        }
        // Bytes, not `Character`s: a combining mark right after `sig=` would be dropped with the `=`.
        let signature = Substring(text[lastSpace...].utf8.dropFirst(Self.signatureMarker.utf8.count))
        guard !signature.isEmpty else { throw .malformed("sig= is empty") }
        let canonical = ReplyFields(text[..<lastSpace])
        guard let seqText = canonical["seq"], let seq = Int64(seqText), seq >= 1 else {
            throw .malformed("no seq= with a positive number")
        }
        canonicalLine = canonical.text
        signatureBase64 = String(signature)
        self.seq = seq
    }

    /// The receipt of an `OK` reply; an `ERR` is `malformed`.
    public init(_ reply: ServerReply) throws(ReceiptError) {
        guard let fields = reply.fields else { throw .malformed("the reply is \(reply.line)") }
        try self.init(parsing: fields.text)
    }

    /// The line as sent after `OK `: the canonical line, ` sig=` and the signature.
    public var signedLine: String { canonicalLine + Self.signatureMarker + signatureBase64 }

    /// The canonical line's fields, for reading `kind`, `amount`, `replaces` and the like.
    public var fields: ReplyFields { ReplyFields(canonicalLine) }

    /// Checks the Ed25519 signature over the canonical line, then that the line is a canonical ledger
    /// entry whose `hash` is its own; returns the decoded entry.
    @discardableResult
    public func verify(publicKey: Ed25519PublicKey) throws(ReceiptError) -> LedgerRecord {
        guard let signature = Base64.decode(signatureBase64),
            publicKey.isValidSignature(signature, for: Array(canonicalLine.utf8))
        else { throw .badSignature }
        do {
            return try LedgerRecord(line: canonicalLine)
        } catch {
            throw .notCanonical(error)
        }
    }

    private static let signatureMarker = " sig="
}
