/// The end-of-run checks: every receipt read back with `RECEIPT <seq>`, a sample of signatures verified.
public struct ReceiptAuditResult: Codable, Hashable, Sendable {
    /// Distinct receipts received during the run (a retry's receipt counts once).
    public var receipts = 0
    /// `RECEIPT <seq>` sent back the same bytes.
    public var found = 0
    /// `RECEIPT <seq>` got an `ERR` (by code): the entry is not in the ledger, or not readable.
    public var missing: [String: Int] = [:]
    /// `RECEIPT <seq>` sent other bytes, or the run got two different receipts with one seq.
    public var mismatched = 0
    public var signaturesVerified = 0
    public var signatureFailures = 0
    /// Rounds still open at the end, closed with `CLOSE` so their bids can be read back.
    public var roundsClosed = 0
    /// `CLOSE` replies other than a close receipt or `ROUND_CLOSED`.
    public var closeFailures = 0

    public var missingCount: Int { missing.values.reduce(0, +) }

    public var isClean: Bool {
        missing.isEmpty && mismatched == 0 && signatureFailures == 0 && closeFailures == 0 && found == receipts
    }
}
