public import GavelCrypto

/// The durable, append-only, hash-chained log of every entry: PostgreSQL in production, memory in tests.
public protocol Ledger: Sendable {
    /// Told the receipt trees (PROTOCOL.md, Receipts) an append's records were committed in, or why not.
    typealias AppendCompletion = @Sendable (Result<[AppendedTree], LedgerError>) -> Void

    /// Queues `records`, which must continue the committed chain, for the next commit, and calls
    /// `completion` once they are committed or have failed. Appends queued while a commit is in flight
    /// are committed together (group commit). On failure none of `records` is in the ledger, and the
    /// error is `unavailable` (or `inDoubt` when the ledger stopped before it could know).
    /// On success the completion gets the receipt trees the records belong to: each commit's records,
    /// split into consecutive ranges of at most `ReceiptTreeRange.maximumLeafCount`, and the ledger keeps
    /// each entry's range with it. A ledger with a receipt key also signs each tree before the commit ends,
    /// so that no event loop waits for a signature, and keeps the signature beside the range (PostgreSQL's
    /// with its next statement; see `treeSignature(of:publicKey:)`). `completion` runs on the ledger's own thread: hop before touching
    /// anything else.
    func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion)

    /// Up to `limit` committed records with seq above `seq`, in seq order.
    func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord]

    /// The committed records with these seqs, in seq order; a seq the ledger does not hold is left out.
    /// For reads of entries the server no longer keeps in memory (RECEIPT, PROOF, BIDS and MYBIDS of
    /// finished rounds): they must not wait behind commits.
    func records(seqs: [Int64]) async throws(LedgerError) -> [LedgerRecord]

    /// The newest committed entry.
    func head() async throws(LedgerError) -> LedgerHead

    /// The receipt trees of the entries with seq above `seq`, in seq order. Entries written before trees
    /// were kept are in none: each is read as a tree of its own.
    func treeRanges(after seq: Int64) async throws(LedgerError) -> [ReceiptTreeRange]

    /// The signature kept for `range`'s tree under the key `publicKey` (base64 SPKI), if any: a receipt of
    /// an old entry is then made again without signing.
    func treeSignature(of range: ReceiptTreeRange, publicKey: String) async throws(LedgerError) -> String?

    /// Keeps a signature made for a tree that had none under `publicKey` (an entry from before signatures
    /// were kept, or a tree read after a key rotation), in place of any under another key.
    func storeTreeSignature(_ signatureBase64: String, of range: ReceiptTreeRange, publicKey: String)
        async throws(LedgerError)
}

extension Ledger {
    /// Appends and waits for the commit; returns the receipt trees the records were committed in.
    @discardableResult
    public func append(_ records: [LedgerRecord]) async throws(LedgerError) -> [ReceiptTreeRange] {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<[AppendedTree], LedgerError>, Never>) in
            append(records) { continuation.resume(returning: $0) }
        }
        return try result.get().map(\.range)
    }

    /// Every record from seq 1, in order, a page at a time, the chain checked as it streams. The pages
    /// read ahead are read and decoded on `executor` (nil: Swift's shared pool).
    public func replay(pageSize: Int = 1000, readAheadOn executor: (any TaskExecutor)? = nil) -> LedgerReplay<Self> {
        LedgerReplay(ledger: self, pageSize: pageSize, readAheadExecutor: executor)
    }
}
