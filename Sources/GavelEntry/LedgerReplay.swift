/// Streams a ledger from seq 1 without holding more than a page in memory, and fails with `broken`
/// at the first record that does not continue the chain, after yielding every record before it.
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
                var limit = pageSize
                do {
                    page = try await ledger.records(after: head.seq, limit: limit)
                } catch {
                    // A page with a broken row fails whole: take the rows before that one first.
                    guard let seq = Self.seq(of: error), seq > head.seq + 1 else { throw error }
                    limit = Int(seq - head.seq - 1)
                    page = try await ledger.records(after: head.seq, limit: limit)
                }
                index = 0
                exhausted = page.count < limit
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

        /// The seq a broken or malformed row names, if it names one.
        private static func seq(of error: LedgerError) -> Int64? {
            switch error {
            case .broken(let seq, _), .malformed(let seq?, _): seq
            default: nil
            }
        }
    }
}
