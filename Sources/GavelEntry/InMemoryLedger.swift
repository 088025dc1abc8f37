public import GavelCrypto
import Synchronization

/// A ledger in memory, with the same chain rules as PostgreSQL's, for tests of everything above it.
public final class InMemoryLedger: Ledger {
    private struct Storage {
        var records: [LedgerRecord] = []
        var head = LedgerHead.empty
        var trees: [ReceiptTreeRange] = []
        var signatures: [ReceiptTreeRange: (publicKey: String, signatureBase64: String)] = [:]
        var isAvailable = true
    }

    private let storage = Mutex(Storage())
    private let commitObserver: (any LedgerCommitObserver)?
    private let receiptKey: Ed25519PrivateKey?

    /// Each append is one commit, which `commitObserver` hears of; with `receiptKey`, its trees are signed
    /// and their signatures kept, as PostgreSQL's ledger does.
    public init(commitObserver: (any LedgerCommitObserver)? = nil, receiptKey: Ed25519PrivateKey? = nil) {
        self.commitObserver = commitObserver
        self.receiptKey = receiptKey
    }

    /// While switched off, appends fail as if PostgreSQL were down.
    public func setAvailable(_ available: Bool) {
        storage.withLock { $0.isAvailable = available }
    }

    public func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        let started = ContinuousClock.now
        let signer = receiptKey.map { Ed25519Signer(key: $0) }
        let publicKey = receiptKey?.publicKey.base64SPKI
        var signingCPU = Duration.zero
        let result = storage.withLock { (storage) -> Result<[AppendedTree], LedgerError> in
            guard storage.isAvailable else { return .failure(.unavailable("the in-memory ledger is switched off")) }
            var head = storage.head
            for record in records {
                do {
                    head = try head.advanced(by: record)
                } catch {
                    return .failure(.unavailable("append does not continue the committed chain: \(error)"))
                }
            }
            let (trees, cpu) = AppendedTree.trees(of: records, signer: signer)
            signingCPU = cpu
            storage.records.append(contentsOf: records)
            storage.head = head
            for tree in trees {
                storage.trees.append(tree.range)
                if let signed = tree.signed, let publicKey {
                    storage.signatures[tree.range] = (publicKey, signed.signatureBase64)
                }
            }
            return .success(trees)
        }
        if case .success(let trees) = result {
            commitObserver?.ledgerCommitted(
                trees: trees, duration: started.duration(to: .now), signingCPU: signingCPU)
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

    public func treeSignature(of range: ReceiptTreeRange, publicKey: String) -> String? {
        storage.withLock { storage in
            storage.signatures[range].flatMap { $0.publicKey == publicKey ? $0.signatureBase64 : nil }
        }
    }

    public func storeTreeSignature(_ signatureBase64: String, of range: ReceiptTreeRange, publicKey: String) {
        storage.withLock { $0.signatures[range] = (publicKey, signatureBase64) }
    }
}
