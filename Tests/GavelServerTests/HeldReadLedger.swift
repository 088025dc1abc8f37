import GavelEntry

/// An in-memory ledger whose next read of entries by seq can be held until the test releases it, so that
/// the test can change the server's state while a read is under way, as a slow reader connection would.
final class HeldReadLedger: ForwardingLedger {
    let inner = InMemoryLedger()
    /// Holds a read; releasing it lets the read go on.
    let reads = HoldPoint<CheckedContinuation<Void, Never>>()

    func records(seqs: [Int64]) async throws(LedgerError) -> [LedgerRecord] {
        await withCheckedContinuation { continuation in
            if !reads.arrive(continuation) { continuation.resume() }
        }
        return inner.records(seqs: seqs)
    }
}
