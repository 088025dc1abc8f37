/// A ledger in memory, with the same chain rules as PostgreSQL's, for tests of everything above it.
public actor InMemoryLedger: Ledger {
    private var stored: [LedgerRecord] = []
    private var committedHead = LedgerHead.empty
    /// When set, appends fail as if PostgreSQL were down.
    public var isAvailable = true

    public init() {}

    public func setAvailable(_ available: Bool) {
        isAvailable = available
    }

    public func append(_ records: [LedgerRecord]) throws(LedgerError) {
        guard isAvailable else { throw .unavailable("the in-memory ledger is switched off") }
        var head = committedHead
        for record in records {
            do {
                head = try head.advanced(by: record)
            } catch {
                throw .unavailable("append does not continue the committed chain: \(error)")
            }
        }
        stored.append(contentsOf: records)
        committedHead = head
    }

    public func records(after seq: Int64, limit: Int) -> [LedgerRecord] {
        let start = Int(min(max(seq, 0), Int64(stored.count)))
        return Array(stored[start..<min(start + limit, stored.count)])
    }

    public func head() -> LedgerHead {
        committedHead
    }
}
