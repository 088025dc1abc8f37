/// What `INQUIRE` answers about a handle, in PROTOCOL.md's order of precedence.
public enum HandleAvailability: Hashable, Sendable {
    case auction(round: RoundID, closes: Timestamp)
    case transferred(owner: BidderName)
    case sold(round: RoundID)
    case available
    case unavailable
    /// Unknown to the platform; a bidder's inquiry is queued for an auctioneer.
    case pending
    /// Unknown, as an auctioneer sees it: nothing is queued.
    case unknown

    /// The `status=` word.
    public var status: String {
        switch self {
        case .auction: "auction"
        case .transferred: "transferred"
        case .sold: "sold"
        case .available: "available"
        case .unavailable: "unavailable"
        case .pending: "pending"
        case .unknown: "unknown"
        }
    }
}
