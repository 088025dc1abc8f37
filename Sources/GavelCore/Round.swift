/// One timed sealed-bid round for a handle, as the ledger has built it.
public struct Round: Hashable, Sendable {
    public let id: RoundID
    public let handle: Handle
    public let format: RoundFormat
    public let reserve: Money
    public let reserveVisibility: ReserveVisibility
    public let opens: Timestamp
    public internal(set) var closes: Timestamp
    /// Each bidder's live bid while the round is open or scheduled; emptied when it closes or is cancelled,
    /// so a finished round costs no memory per bid (invariant 11): `finalBidSeqs` keeps their seqs.
    public internal(set) var liveBids: [BidderName: LiveBid] = [:]
    /// The seqs of the live bids when the round closed or was cancelled, in seq order (the bids its close
    /// counted); BIDS, PROOF and MYBIDS read their entries back from the ledger.
    public internal(set) var finalBidSeqs: [Int64] = []
    /// The `close` entry, once the round has closed.
    public internal(set) var closed: Closed?
    public internal(set) var cancelled = false
    /// Set by SETTLE: when the handle must be transferred.
    public internal(set) var transferDue: Timestamp?
    public internal(set) var transferred = false

    init(_ opened: Event.RoundOpened) {
        id = opened.round
        handle = opened.handle
        format = opened.format
        reserve = opened.reserve
        reserveVisibility = opened.reserveVisibility
        opens = opened.opens
        closes = opened.closes
    }

    /// The state at `now`. A round past its close time stays `open` until its `close` entry is
    /// committed, but the bidding rules refuse bids from its close time on, whatever the timer does.
    public func state(at now: Timestamp) -> RoundState {
        if cancelled { return .cancelled }
        if closed != nil { return .closed }
        return now < opens ? .scheduled : .open
    }

    /// Open or scheduled: the round still holds its handle.
    public var isPending: Bool { !cancelled && closed == nil }

    public var award: Award? { closed?.event.award }

    /// The result the live bids give now; at close it becomes the `close` entry's result (and the round's
    /// `closed.event`: once finished it has no live bids left to compute one from).
    public var currentResult: RoundResult {
        RoundResult(liveBids: liveBids.values, reserve: reserve, format: format)
    }

    /// Closes or cancels the round's bidding: the live bids leave memory, their seqs stay.
    mutating func finishBidding() {
        finalBidSeqs = liveBids.values.map(\.seq).sorted()
        liveBids = [:]
    }

    public struct Closed: Hashable, Sendable {
        public let seq: Int64
        public let event: Event.RoundClosed
    }
}
