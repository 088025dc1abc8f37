/// Streams a ledger from seq 1 without holding more than a few pages in memory (the next `readAhead` are
/// read, and decoded in parallel, while this one is consumed), and fails with `broken` at the first record
/// that does not continue the chain, after yielding every record before it.
public struct LedgerReplay<L: Ledger>: AsyncSequence {
    public typealias Element = LedgerRecord
    public typealias Failure = LedgerError

    let ledger: L
    let pageSize: Int
    /// Where pages read ahead are read and decoded; nil: Swift's shared pool. A server passes the executor
    /// of its long tasks, so a replay never waits for a shared pool that other work may hold.
    let readAheadExecutor: (any TaskExecutor)?

    public func makeAsyncIterator() -> Iterator {
        Iterator(ledger: ledger, pageSize: pageSize, executor: readAheadExecutor)
    }

    public struct Iterator: AsyncIteratorProtocol {
        /// Pages read ahead: enough to keep two cores decoding lines, and the next query under way, while
        /// the records are consumed.
        static var readAhead: Int { 3 }

        let ledger: L
        let pageSize: Int
        let executor: (any TaskExecutor)?
        private var page: [LedgerRecord] = []
        /// The reads of the pages after `page`, in order, each of `pageSize` seqs.
        private var pagesAhead: [Task<Result<[LedgerRecord], LedgerError>, Never>] = []
        private var index = 0
        private var head = LedgerHead.empty
        private var exhausted = false

        init(ledger: L, pageSize: Int, executor: (any TaskExecutor)?) {
            precondition(pageSize > 0, "a page holds at least one record")
            self.ledger = ledger
            self.pageSize = pageSize
            self.executor = executor
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(LedgerError) -> LedgerRecord? {
            if index == page.count {
                guard !exhausted else { return nil }
                try await loadPage(isolation: actor)
                guard !page.isEmpty else { return nil }
            }
            let record = page[index]
            index += 1
            head = try head.advanced(by: record)
            return record
        }

        /// The page after `head`, then the reads of the pages after it started. A sound ledger's seqs have no
        /// gaps, so the page after this one starts `pageSize` seqs later; a gap is a break the chain check
        /// finds anyway.
        private mutating func loadPage(isolation actor: isolated (any Actor)?) async throws(LedgerError) {
            var limit = pageSize
            if pagesAhead.isEmpty { pagesAhead.append(readPage(after: head.seq, limit: limit)) }
            let read = await pagesAhead.removeFirst().value
            do {
                page = try read.get()
            } catch {
                // A page with a broken row fails whole: take the rows before that one first.
                guard let seq = Self.seq(of: error), seq > head.seq + 1 else { throw error }
                pagesAhead.removeAll()
                limit = Int(seq - head.seq - 1)
                page = try await ledger.records(after: head.seq, limit: limit)
            }
            index = 0
            exhausted = page.count < limit
            if exhausted {
                pagesAhead.removeAll()
                return
            }
            let end = head.seq + Int64(page.count)
            while pagesAhead.count < Self.readAhead {
                let after = end + Int64(pagesAhead.count * pageSize)
                pagesAhead.append(readPage(after: after, limit: pageSize))
            }
        }

        /// Reads a page on `executor` (or the shared pool), so pages read ahead are decoded in parallel.
        private func readPage(after seq: Int64, limit: Int) -> Task<Result<[LedgerRecord], LedgerError>, Never> {
            let ledger = ledger
            return Task(executorPreference: executor ?? globalConcurrentExecutor) {
                do throws(LedgerError) {
                    return .success(try await ledger.records(after: seq, limit: limit))
                } catch {
                    return .failure(error)
                }
            }
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
