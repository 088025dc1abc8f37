import GavelCrypto
import GavelEntry
import Synchronization

/// An in-memory ledger whose next read of entries by seq can be held until the test releases it, so that
/// the test can change the server's state while a read is under way, as a slow reader connection would.
final class HeldReadLedger: Ledger {
    private struct Held {
        var isHolding = false
        /// The held read, resumed by `releaseRead`.
        var read: CheckedContinuation<Void, Never>?
        /// Tests waiting for the next read to be held.
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let inner = InMemoryLedger()
    private let held = Mutex(Held())

    /// The next `records(seqs:)` waits until `releaseRead`.
    func holdNextRead() {
        held.withLock { $0.isHolding = true }
    }

    /// Returns once a read is held.
    func readHeld() async {
        await withCheckedContinuation { continuation in
            let holding = held.withLock { held in
                if held.read != nil { return true }
                held.waiters.append(continuation)
                return false
            }
            if holding { continuation.resume() }
        }
    }

    /// Lets the held read go on.
    func releaseRead() {
        held.withLock { held in
            defer { held = Held() }
            return held.read
        }?.resume()
    }

    func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        inner.append(records, completion: completion)
    }

    func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord] {
        inner.records(after: seq, limit: limit)
    }

    func records(seqs: [Int64]) async throws(LedgerError) -> [LedgerRecord] {
        await withCheckedContinuation { continuation in
            let waiters = held.withLock { held -> [CheckedContinuation<Void, Never>]? in
                guard held.isHolding, held.read == nil else { return nil }
                held.read = continuation
                defer { held.waiters = [] }
                return held.waiters
            }
            guard let waiters else { return continuation.resume() }
            for waiter in waiters { waiter.resume() }
        }
        return inner.records(seqs: seqs)
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
