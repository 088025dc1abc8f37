/// What an account may do: bid, or run the auction.
public enum Role: String, Sendable, CaseIterable {
    case bidder
    case auctioneer
}
