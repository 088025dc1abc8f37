/// A bidder or auctioneer account as the ledger has built it.
public struct Account: Hashable, Sendable {
    public let name: BidderName
    public let role: Role
    public internal(set) var verified: Bool
    public let tokenSHA256: String
}
