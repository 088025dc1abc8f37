public import GavelCrypto

extension ReceiptTreeRange {
    /// The receipt trees of one commit of `records` (consecutive seqs), in seq order; none for none.
    public static func trees(of records: some BidirectionalCollection<LedgerRecord>) -> [ReceiptTreeRange] {
        guard let first = records.first?.entry.seq, let last = records.last?.entry.seq else { return [] }
        return split(first: first, last: last)
    }

    /// Whether this tree holds any of `records`: which of a group commit's trees one append's records are in.
    public func holdsAny(of records: [LedgerRecord]) -> Bool {
        guard let first = records.first?.entry.seq, let last = records.last?.entry.seq else { return false }
        return self.first <= last && first <= self.last
    }
}
