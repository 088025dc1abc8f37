/// A bidder's newest, not withdrawn bid in a round: the one the result counts.
public struct LiveBid: Hashable, Sendable {
    public let bidder: BidderName
    public let seq: Int64
    public let amount: Money

    public init(bidder: BidderName, seq: Int64, amount: Money) {
        self.bidder = bidder
        self.seq = seq
        self.amount = amount
    }
}
