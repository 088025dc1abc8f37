/// The durable, append-only, hash-chained log of every entry: PostgreSQL in production, memory in tests.
public protocol Ledger: Sendable {
    /// Queues `records`, which must continue the committed chain, for the next commit, and calls
    /// `completion` once they are committed or have failed. Appends queued while a commit is in flight
    /// are committed together (group commit). On failure none of `records` is in the ledger, and the
    /// error is `unavailable` (or `inDoubt` when the ledger stopped before it could know).
    /// `completion` runs on the ledger's own thread: hop before touching anything else.
    func append(_ records: [LedgerRecord], completion: @escaping @Sendable (Result<Void, LedgerError>) -> Void)

    /// Up to `limit` committed records with seq above `seq`, in seq order.
    func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord]

    /// The newest committed entry.
    func head() async throws(LedgerError) -> LedgerHead
}

extension Ledger {
    /// Appends and waits for the commit.
    public func append(_ records: [LedgerRecord]) async throws(LedgerError) {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Void, LedgerError>, Never>) in
            append(records) { continuation.resume(returning: $0) }
        }
        try result.get()
    }

    /// Every record from seq 1, in order, a page at a time, the chain checked as it streams.
    public func replay(pageSize: Int = 1000) -> LedgerReplay<Self> {
        LedgerReplay(ledger: self, pageSize: pageSize)
    }
}
