import GavelCrypto

/// The receipt tree of every committed entry, as ranges in seq order, so a receipt can be made again
/// byte for byte. An entry in no known range (written before trees were kept) is a tree of its own.
struct CommittedTrees {
    private var ranges: [ReceiptTreeRange] = []

    /// The ledger's stored ranges, oldest first; ones that overlap an earlier range are left out.
    init(_ stored: [ReceiptTreeRange] = []) {
        for range in stored { record(range) }
    }

    /// Records a commit's tree; the appends of one commit report the same tree more than once.
    mutating func record(_ range: ReceiptTreeRange) {
        guard ranges.last.map({ $0.last < range.first }) ?? true else { return }
        ranges.append(range)
    }

    /// Forgets the trees of entries after `seq`: they were never committed.
    mutating func truncate(after seq: Int64) {
        while let last = ranges.last, last.last > seq { ranges.removeLast() }
    }

    func range(containing seq: Int64) -> ReceiptTreeRange {
        var (low, high) = (0, ranges.count)
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].last < seq { low = middle + 1 } else { high = middle }
        }
        if low < ranges.count, ranges[low].contains(seq) { return ranges[low] }
        return ReceiptTreeRange(first: seq, last: seq)
    }
}
