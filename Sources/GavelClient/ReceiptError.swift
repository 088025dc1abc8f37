public import GavelLedger

/// Why a line is not a valid receipt.
public enum ReceiptError: Error, Hashable, Sendable {
    /// Not `[OK ]v=1 ... hash=<hex> sig=<base64>`.
    case malformed(String)
    /// The signature does not verify with the key over the bytes before ` sig=`.
    case badSignature
    /// The signed text is not a canonical ledger entry (fields, order, or its `hash`).
    case notCanonical(LedgerError)
}
