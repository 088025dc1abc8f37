/// The durable, append-only, hash-chained log of every entry: PostgreSQL in production, memory in tests.
public protocol Ledger: Sendable {
    /// Appends `records`, which must continue the committed chain, and returns once they are committed.
    /// Appends made while others are in flight are committed together (group commit). When the
    /// commit fails, none of `records` is in the ledger and the error is `unavailable`.
    func append(_ records: [LedgerRecord]) async throws(LedgerError)

    /// Up to `limit` committed records with seq above `seq`, in seq order.
    func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord]

    /// The newest committed entry.
    func head() async throws(LedgerError) -> LedgerHead
}

extension Ledger {
    /// Every record from seq 1, in order, a page at a time, the chain checked as it streams.
    public func replay(pageSize: Int = 1000) -> LedgerReplay<Self> {
        LedgerReplay(ledger: self, pageSize: pageSize)
    }
}
