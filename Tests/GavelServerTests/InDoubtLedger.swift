import GavelEntry

/// An in-memory ledger that can hold a commit in doubt, as PostgresLedger does when its connection dies
/// during a COMMIT: the held append gets no answer until released, and every append meanwhile is refused
/// at once.
final class InDoubtLedger: ForwardingLedger {
    struct HeldAppend: Sendable {
        let records: [LedgerRecord]
        let completion: AppendCompletion
    }

    let inner = InMemoryLedger()
    /// Holds an append until `release(committed:)`.
    let appends = HoldPoint<HeldAppend>()

    /// Answers the held append: committed (its records go into the ledger) or not.
    func release(committed: Bool) {
        guard let held = appends.release() else { return }
        if committed {
            inner.append(held.records, completion: held.completion)
        } else {
            held.completion(.failure(.unavailable("the commit did not happen")))
        }
    }

    func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        if appends.isHolding {
            completion(.failure(.unavailable("a commit is in doubt")))
        } else if !appends.arrive(HeldAppend(records: records, completion: completion)) {
            inner.append(records, completion: completion)
        }
    }
}
