import GavelCrypto
import GavelEntry

/// A test double that changes some of a ledger's calls and forwards the rest to an in-memory ledger.
protocol ForwardingLedger: Ledger {
    var inner: InMemoryLedger { get }
}

extension ForwardingLedger {
    func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        inner.append(records, completion: completion)
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
