public import GavelCrypto
import Synchronization

/// A ledger in memory, with the same chain rules as PostgreSQL's, for tests of everything above it.
public final class InMemoryLedger: Ledger {
    private struct Storage {
        var records: [LedgerRecord] = []
        var head = LedgerHead.empty
        var trees: [ReceiptTreeRange] = []
        var isAvailable = true
    }

    private let storage = Mutex(Storage())
    private let commitObserver: (any LedgerCommitObserver)?

    /// Each append is one commit, which `commitObserver` hears of.
    public init(commitObserver: (any LedgerCommitObserver)? = nil) {
        self.commitObserver = commitObserver
    }

    /// While switched off, appends fail as if PostgreSQL were down.
    public func setAvailable(_ available: Bool) {
        storage.withLock { $0.isAvailable = available }
    }

    public func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        let started = ContinuousClock.now
        let result = storage.withLock { (storage) -> Result<[ReceiptTreeRange], LedgerError> in
            guard storage.isAvailable else { return .failure(.unavailable("the in-memory ledger is switched off")) }
            var head = storage.head
            for record in records {
                do {
                    head = try head.advanced(by: record)
                } catch {
                    return .failure(.unavailable("append does not continue the committed chain: \(error)"))
                }
            }
            let trees = ReceiptTreeRange.trees(of: records)
            storage.records.append(contentsOf: records)
            storage.head = head
            storage.trees.append(contentsOf: trees)
            return .success(trees)
        }
        if case .success = result {
            commitObserver?.ledgerCommitted(records: records.count, duration: started.duration(to: .now))
        }
        completion(result)
    }

    public func records(after seq: Int64, limit: Int) -> [LedgerRecord] {
        storage.withLock { storage in
            let start = Int(min(max(seq, 0), Int64(storage.records.count)))
            return Array(storage.records[start..<min(start + limit, storage.records.count)])
        }
    }

    public func records(seqs: [Int64]) -> [LedgerRecord] {
        storage.withLock { storage in
            seqs.sorted().compactMap { seq in
                seq >= 1 && seq <= Int64(storage.records.count) ? storage.records[Int(seq) - 1] : nil
            }
        }
    }

    public func head() -> LedgerHead {
        storage.withLock { $0.head }
    }

    public func treeRanges(after seq: Int64) -> [ReceiptTreeRange] {
        storage.withLock { $0.trees.filter { $0.first > seq } }
    }
}
