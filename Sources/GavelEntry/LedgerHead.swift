/// The newest committed entry: where the next append must chain from.
public struct LedgerHead: Hashable, Sendable {
    public static let empty = LedgerHead(seq: 0, hash: LedgerRecord.genesisHash)

    public let seq: Int64
    public let hash: String

    public init(seq: Int64, hash: String) {
        precondition(seq >= 0, "seq counts from 1; 0 is the empty ledger")
        self.seq = seq
        self.hash = hash
    }

    /// The head after `record`, or `broken` when `record` does not continue this head.
    public func advanced(by record: LedgerRecord) throws(LedgerError) -> LedgerHead {
        guard record.entry.seq == seq + 1 else {
            throw .broken(seq: record.entry.seq, "expected seq \(seq + 1)")
        }
        guard record.prev == hash else { throw .broken(seq: record.entry.seq, "prev is not the hash of seq \(seq)") }
        return LedgerHead(seq: record.entry.seq, hash: record.hash)
    }
}
