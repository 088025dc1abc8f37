public import GavelCrypto

/// A receipt tree as a commit made it: its range, and its signed head when the ledger signs what it
/// commits (a ledger given a receipt key does, on its own thread, before the commit ends).
public struct AppendedTree: Sendable {
    public let range: ReceiptTreeRange
    public let signed: SignedReceiptTree?

    public init(range: ReceiptTreeRange, signed: SignedReceiptTree?) {
        precondition(signed.map { $0.range == range } ?? true, "a signed tree is the tree of its range")
        self.range = range
        self.signed = signed
    }

    /// The trees of a commit of `records`, each signed by `signer` when there is one, and the CPU time this
    /// thread spent hashing and signing them: the cost of receipts per commit, which
    /// `gavel_receipt_signing_cpu_seconds_total` adds up.
    public static func trees(
        of records: [LedgerRecord], signer: Ed25519Signer?
    ) -> (trees: [AppendedTree], signingCPU: Duration) {
        let started = ThreadCPUTime.now
        let trees = ReceiptTreeRange.trees(of: records).map { range in
            let signed = signer.map { signer in
                let offset = Int(range.first - records[0].entry.seq)
                let leaves = records[offset..<offset + range.leafCount].map(\.hash)
                return SignedReceiptTree(range: range, leafHashes: leaves, signer: signer)
            }
            return AppendedTree(range: range, signed: signed)
        }
        return (trees, ThreadCPUTime.now - started)
    }
}
