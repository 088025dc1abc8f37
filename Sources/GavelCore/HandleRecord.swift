/// What the ledger says about one handle: its set status, its rounds, its owner, a pending inquiry.
public struct HandleRecord: Hashable, Sendable {
    public let handle: Handle
    /// Set by `HANDLE SET`; `nil` until an auctioneer says.
    public internal(set) var status: HandleStatus?
    /// The open or scheduled round, if any.
    public internal(set) var pendingRound: RoundID?
    /// The latest round that sold the handle.
    public internal(set) var soldRound: RoundID?
    /// The winner the handle was transferred to after `soldRound`.
    public internal(set) var owner: BidderName?
    /// The first unanswered inquiry about the handle.
    public internal(set) var inquiry: PendingInquiry?

    init(handle: Handle) {
        self.handle = handle
    }
}
