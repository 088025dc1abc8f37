extension AuctionRules {
    /// BID: a ref used before repeats its receipt; otherwise the round must be open and before its
    /// close time, the bidder verified, and the amount at most `max_bid` and not below a public reserve.
    public func bid(
        _ reference: RoundReference, amount: Money, ref: IdempotencyRef?, by bidder: BidderName,
        at now: Timestamp, in state: AuctionState
    ) throws(GavelError) -> Decision {
        if let seq = previousEntry(ref: ref, of: bidder, in: state) { return .repeatReceipt(seq: seq) }
        let round = try resolve(reference, in: state)
        guard amount <= config.maxBid else { throw .badAmount(.aboveMaximum(config.maxBid)) }
        try checkBiddable(round, at: now)
        try checkVerified(bidder, in: state)
        if round.reserveVisibility == .public, amount < round.reserve { throw .belowReserve(round.reserve) }
        let placed = Event.BidPlaced(
            round: round.id, handle: round.handle, bidder: bidder, amount: amount, ref: ref,
            replaces: round.liveBids[bidder]?.seq)
        return .record(.bid(placed))
    }

    /// WITHDRAW: removes the bidder's live bid from a round that is still open.
    public func withdraw(
        _ reference: RoundReference, ref: IdempotencyRef?, by bidder: BidderName, at now: Timestamp,
        in state: AuctionState
    ) throws(GavelError) -> Decision {
        if let seq = previousEntry(ref: ref, of: bidder, in: state) { return .repeatReceipt(seq: seq) }
        let round = try resolve(reference, in: state)
        try checkBiddable(round, at: now)
        try checkVerified(bidder, in: state)
        guard let live = round.liveBids[bidder] else { throw .notFound("no live bid of yours in round \(round.id)") }
        let withdrawn = Event.BidWithdrawn(
            round: round.id, handle: round.handle, bidder: bidder, ref: ref, replaces: live.seq)
        return .record(.withdraw(withdrawn))
    }

    /// Open means: not scheduled, not cancelled, not closed, and `now` before the close time,
    /// whether or not a timer has closed the round yet.
    public func checkBiddable(_ round: Round, at now: Timestamp) throws(GavelError) {
        switch round.state(at: now) {
        case .scheduled, .cancelled:
            throw .roundNotOpen(round.id, round.state(at: now))
        case .closed:
            throw .roundClosed(round.id)
        case .open:
            guard now < round.closes else { throw .roundClosed(round.id) }
        }
    }

    private func checkVerified(_ bidder: BidderName, in state: AuctionState) throws(GavelError) {
        guard state.accounts[bidder]?.verified == true else { throw .notVerified(bidder) }
    }

    private func previousEntry(ref: IdempotencyRef?, of bidder: BidderName, in state: AuctionState) -> Int64? {
        guard let ref else { return nil }
        return state.refs[AuctionState.RefKey(bidder: bidder, ref: ref)]
    }
}
