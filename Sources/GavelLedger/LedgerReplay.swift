/// Streams a ledger from seq 1 without holding more than a page in memory, and fails with `broken`
/// at the first record that does not continue the chain.
public struct LedgerReplay<L: Ledger>: AsyncSequence {
    public typealias Element = LedgerRecord
    public typealias Failure = LedgerError

    let ledger: L
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(ledger: ledger, pageSize: pageSize)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let ledger: L
        let pageSize: Int
        private var page: [LedgerRecord] = []
        private var index = 0
        private var head = LedgerHead.empty
        private var exhausted = false

        init(ledger: L, pageSize: Int) {
            precondition(pageSize > 0, "a page holds at least one record")
            self.ledger = ledger
            self.pageSize = pageSize
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(LedgerError) -> LedgerRecord? {
            if index == page.count {
                guard !exhausted else { return nil }
                page = try await ledger.records(after: head.seq, limit: pageSize)
                index = 0
                exhausted = page.count < pageSize
                guard !page.isEmpty else { return nil }
            }
            let record = page[index]
            index += 1
            head = try head.advanced(by: record)
            return record
        }

        public mutating func next() async throws(LedgerError) -> LedgerRecord? {
            try await next(isolation: nil)
        }
    }
}
