import GavelCrypto
import GavelEntry
import Synchronization

/// An in-memory ledger that can hold a commit in doubt, as PostgresLedger does when its connection dies
/// during a COMMIT: the held append gets no answer until released, and every append meanwhile is refused
/// at once.
final class InDoubtLedger: Ledger {
    private struct Held {
        var isHolding = false
        var records: [LedgerRecord] = []
        var completion: Ledger.AppendCompletion?
        /// Tests waiting for the next append to be held.
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let inner = InMemoryLedger()
    private let held = Mutex(Held())

    /// The next append is held until `release`.
    func holdNextAppend() {
        held.withLock { $0.isHolding = true }
    }

    /// Returns once an append is held.
    func appendHeld() async {
        await withCheckedContinuation { continuation in
            let holding = held.withLock { held in
                if held.completion != nil { return true }
                held.waiters.append(continuation)
                return false
            }
            if holding { continuation.resume() }
        }
    }

    /// Answers the held append: committed (its records go into the ledger) or not.
    func release(committed: Bool) {
        let (records, completion) = held.withLock { held in
            defer { held = Held() }
            return (held.records, held.completion)
        }
        guard let completion else { return }
        if committed {
            inner.append(records, completion: completion)
        } else {
            completion(.failure(.unavailable("the commit did not happen")))
        }
    }

    func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        enum Fate {
            case refuse, hold, commit
        }
        let (fate, waiters) = held.withLock { held -> (Fate, [CheckedContinuation<Void, Never>]) in
            if held.completion != nil { return (.refuse, []) }
            guard held.isHolding else { return (.commit, []) }
            held.records = records
            held.completion = completion
            defer { held.waiters = [] }
            return (.hold, held.waiters)
        }
        switch fate {
        case .refuse: completion(.failure(.unavailable("a commit is in doubt")))
        case .hold: for waiter in waiters { waiter.resume() }
        case .commit: inner.append(records, completion: completion)
        }
    }

    func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord] {
        inner.records(after: seq, limit: limit)
    }

    func records(seqs: [Int64]) async throws(LedgerError) -> [LedgerRecord] {
        inner.records(seqs: seqs)
    }

    func head() async throws(LedgerError) -> LedgerHead {
        inner.head()
    }

    func treeRanges(after seq: Int64) async throws(LedgerError) -> [ReceiptTreeRange] {
        inner.treeRanges(after: seq)
    }

    func treeSignature(of range: ReceiptTreeRange, publicKey: String) async throws(LedgerError) -> String? {
        inner.treeSignature(of: range, publicKey: publicKey)
    }

    func storeTreeSignature(_ signatureBase64: String, of range: ReceiptTreeRange, publicKey: String)
        async throws(LedgerError)
    {
        inner.storeTreeSignature(signatureBase64, of: range, publicKey: publicKey)
    }
}
