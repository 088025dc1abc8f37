/// Who won a sold round, and at what price.
public struct Award: Hashable, Sendable {
    public let winner: BidderName
    public let price: Money

    public init(winner: BidderName, price: Money) {
        self.winner = winner
        self.price = price
    }
}
