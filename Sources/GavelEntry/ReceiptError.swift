public import GavelCrypto

/// Why a line is not a valid receipt.
public enum ReceiptError: Error, Hashable, Sendable {
    /// Not `[OK ]v=1 ... hash=<hex> tree=<first>-<last> path=<steps> sig=<base64>`.
    case malformed(String)
    /// The entry is not a canonical ledger entry (fields, order, or a `hash` that is not its own).
    case notCanonical(LedgerError)
    /// The tree does not hold the entry's seq, or the path is not that leaf's path.
    case tree(ReceiptTreeError)
    /// The signature does not verify with the key over the head of the root the path leads to.
    case badSignature
}
