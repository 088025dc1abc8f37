/// A round's result computed from its live bids (PROTOCOL.md, "Round result").
public struct RoundResult: Hashable, Sendable {
    /// How many live bids there were, eligible or not.
    public let bids: Int
    /// The live bids' seqs in ledger order: the bids the proof of result covers.
    public let countedSeqs: [Int64]
    /// `nil` when no bid reached the reserve.
    public let award: Award?

    /// Eligible bids are at or above the reserve; the highest wins and a tie goes to the lower seq.
    /// First price charges the winner's bid; second price the best eligible bid of another bidder,
    /// or the reserve when there is none.
    public init(liveBids: some Collection<LiveBid>, reserve: Money, format: RoundFormat) {
        bids = liveBids.count
        countedSeqs = liveBids.map(\.seq).sorted()
        let ranked = liveBids.filter { $0.amount >= reserve }.sorted(by: Self.ranksHigher)
        guard let winner = ranked.first else {
            award = nil
            return
        }
        let price: Money
        switch format {
        case .first: price = winner.amount
        case .second: price = ranked.dropFirst().first { $0.bidder != winner.bidder }?.amount ?? reserve
        }
        assert(price >= reserve && price <= winner.amount, "the price lies between the reserve and the winning bid")
        award = Award(winner: winner.bidder, price: price)
    }

    private static func ranksHigher(_ lhs: LiveBid, _ rhs: LiveBid) -> Bool {
        lhs.amount != rhs.amount ? lhs.amount > rhs.amount : lhs.seq < rhs.seq
    }
}
