/// Gavel's whole state: a fold over the ledger's entries. `apply(_:)` is the only way it changes,
/// so replaying the ledger from seq 1 rebuilds exactly the state the server had.
public struct AuctionState: Hashable, Sendable {
    public private(set) var accounts: [BidderName: Account] = [:]
    private var accountsByTokenSHA256: [String: BidderName] = [:]
    public private(set) var handles: [Handle: HandleRecord] = [:]
    /// Rounds by id; ids are 1, 2, 3, ... in `open` order, so round `n` is at index `n - 1`.
    public private(set) var rounds: [Round] = []
    /// The rounds that are open or scheduled: the ones timers and `STATS` look at.
    public private(set) var pendingRounds: Set<RoundID> = []
    /// Each bidder's live bids in finished (closed or cancelled) rounds, by seq: MYBIDS lists them, and
    /// a finished round keeps no table of its own bidders.
    public private(set) var finalBids: [BidderName: [Int64]] = [:]
    /// Every ref each bidder used in a BID or WITHDRAW, and the seq of the entry it recorded.
    public private(set) var refs: [RefKey: Int64] = [:]
    public private(set) var lastSeq: Int64 = 0
    public private(set) var lastAt = Timestamp(millisecondsSinceEpoch: 0)
    /// How many `bid` entries the ledger holds, over all rounds.
    public private(set) var bidEntries = 0

    public init() {}

    public struct RefKey: Hashable, Sendable {
        public let bidder: BidderName
        public let ref: IdempotencyRef

        public init(bidder: BidderName, ref: IdempotencyRef) {
            self.bidder = bidder
            self.ref = ref
        }
    }

    public var nextRoundID: RoundID { RoundID(Int64(rounds.count) + 1) }

    public func round(_ id: RoundID) -> Round? {
        index(of: id).map { rounds[$0] }
    }

    public func account(forTokenSHA256 digest: String) -> Account? {
        accountsByTokenSHA256[digest].flatMap { accounts[$0] }
    }

    /// Folds one entry in. An entry that does not fit the state (a gap in the chain, time going back,
    /// an unknown round or bidder, a close whose result the bids do not give) is refused with
    /// `INTERNAL` and leaves the state as it was: a ledger that says so is broken.
    public mutating func apply(_ entry: Entry) throws(GavelError) {
        guard entry.seq == lastSeq + 1 else {
            throw .internal("ledger broken at seq=\(entry.seq): expected seq \(lastSeq + 1)")
        }
        guard entry.at >= lastAt else {
            throw .internal("ledger broken at seq=\(entry.seq): time goes back")
        }
        do {
            try fold(entry)
        } catch let reason {
            throw .internal("ledger broken at seq=\(entry.seq): \(reason.message)")
        }
        lastSeq = entry.seq
        lastAt = entry.at
    }

    // Each case checks everything before it changes anything, so a refused entry leaves no trace
    // without copying the state (a copy per entry would make every bid cost O(state)).

    private mutating func fold(_ entry: Entry) throws(GavelError) {
        switch entry.event {
        case .bidder(let event):
            guard accounts[event.bidder] == nil else { throw .conflict("bidder \(event.bidder) exists") }
            guard accountsByTokenSHA256[event.tokenSHA256] == nil else { throw .conflict("token reused") }
            accounts[event.bidder] = Account(
                name: event.bidder, role: event.role, verified: event.verified, tokenSHA256: event.tokenSHA256)
            accountsByTokenSHA256[event.tokenSHA256] = event.bidder
        case .verify(let event):
            guard accounts[event.bidder] != nil else { throw .notFound("no bidder \(event.bidder)") }
            accounts[event.bidder]?.verified = event.verified
        case .handle(let event):
            handles[event.handle, default: HandleRecord(handle: event.handle)].status = event.status
            handles[event.handle]?.inquiry = nil
        case .inquiry(let event):
            guard accounts[event.bidder] != nil else { throw .notFound("no bidder \(event.bidder)") }
            handles[event.handle, default: HandleRecord(handle: event.handle)].inquiry = PendingInquiry(
                handle: event.handle, askedBy: event.bidder, seq: entry.seq, firstAt: entry.at)
        case .open(let event):
            try foldOpen(event)
        case .extend(let event):
            try updatePendingRound(event.round) { $0.closes = event.closes }
        case .cancel(let event):
            try updatePendingRound(event.round) { $0.cancelled = true }
            finishBidding(of: event.round)
            handles[event.handle]?.pendingRound = nil
            pendingRounds.remove(event.round)
        case .bid(let event):
            try foldBid(event, seq: entry.seq)
        case .withdraw(let event):
            try updatePendingRound(event.round) { $0.liveBids[event.bidder] = nil }
            if let ref = event.ref { refs[RefKey(bidder: event.bidder, ref: ref)] = entry.seq }
        case .close(let event):
            try foldClose(event, seq: entry.seq)
        case .settle(let event):
            guard let round = round(event.round), round.award != nil, round.transferDue == nil else {
                throw .conflict("round \(event.round) is not sold or already settled")
            }
            try updateRound(event.round) { $0.transferDue = event.transferDue }
        case .transfer(let event):
            guard let round = round(event.round), round.transferDue != nil, !round.transferred,
                round.award?.winner == event.owner
            else { throw .conflict("round \(event.round) is not settled, or already transferred") }
            try updateRound(event.round) { $0.transferred = true }
            handles[event.handle]?.owner = event.owner
        }
    }

    private mutating func foldOpen(_ event: Event.RoundOpened) throws(GavelError) {
        guard event.round == nextRoundID else { throw .conflict("round \(event.round) is not the next id") }
        guard handles[event.handle]?.pendingRound == nil else {
            throw .conflict("handle \(event.handle) already has a round")
        }
        rounds.append(Round(event))
        pendingRounds.insert(event.round)
        handles[event.handle, default: HandleRecord(handle: event.handle)].pendingRound = event.round
        handles[event.handle]?.inquiry = nil
    }

    private mutating func foldBid(_ event: Event.BidPlaced, seq: Int64) throws(GavelError) {
        guard accounts[event.bidder] != nil else { throw .notFound("no bidder \(event.bidder)") }
        let bid = LiveBid(bidder: event.bidder, seq: seq, amount: event.amount)
        try updatePendingRound(event.round) { $0.liveBids[event.bidder] = bid }
        if let ref = event.ref { refs[RefKey(bidder: event.bidder, ref: ref)] = seq }
        bidEntries += 1
    }

    private mutating func foldClose(_ event: Event.RoundClosed, seq: Int64) throws(GavelError) {
        guard let index = index(of: event.round), rounds[index].isPending else {
            throw .conflict("round is not open")
        }
        let result = rounds[index].currentResult
        guard result.bids == event.bids, result.award == event.award else {
            throw .internal("close of round \(event.round) does not match its bids")
        }
        try updatePendingRound(event.round) { $0.closed = Round.Closed(seq: seq, event: event) }
        finishBidding(of: event.round)
        handles[event.handle]?.pendingRound = nil
        pendingRounds.remove(event.round)
        if event.award != nil {
            handles[event.handle]?.soldRound = event.round
            handles[event.handle]?.owner = nil
        }
    }

    /// The round's live bids move to `finalBids`; the round keeps only their seqs.
    private mutating func finishBidding(of id: RoundID) {
        guard let index = index(of: id) else { return }
        for bid in rounds[index].liveBids.values { finalBids[bid.bidder, default: []].append(bid.seq) }
        rounds[index].finishBidding()
    }

    // Both check the round in place rather than through a copy: a live copy would make the change
    // below copy the round's whole bid table, turning every bid into O(bids in the round).
    private mutating func updatePendingRound(_ id: RoundID, _ change: (inout Round) -> Void) throws(GavelError) {
        guard let index = index(of: id), rounds[index].isPending else { throw .conflict("round \(id) is not open") }
        change(&rounds[index])
    }

    private mutating func updateRound(_ id: RoundID, _ change: (inout Round) -> Void) throws(GavelError) {
        guard let index = index(of: id) else { throw .notFound("no round \(id)") }
        change(&rounds[index])
    }

    private func index(of id: RoundID) -> Int? {
        id.value <= Int64(rounds.count) ? Int(id.value) - 1 : nil
    }
}
