import GavelEntry
import Synchronization

/// An in-memory ledger that counts its reads of entries by seq and the entries they found: which answers
/// went to the ledger, and for how much.
final class CountingReadLedger: ForwardingLedger {
    let inner = InMemoryLedger()
    private let reads = Atomic<Int>(0)
    private let found = Atomic<Int>(0)

    var readCount: Int { reads.load(ordering: .sequentiallyConsistent) }
    var foundCount: Int { found.load(ordering: .sequentiallyConsistent) }

    func records(seqs: [Int64]) async throws(LedgerError) -> [LedgerRecord] {
        let records = inner.records(seqs: seqs)
        found.add(records.count, ordering: .sequentiallyConsistent)
        reads.add(1, ordering: .sequentiallyConsistent)
        return records
    }
}
