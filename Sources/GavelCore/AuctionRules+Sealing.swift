// Bids are sealed: until a round closes nothing shows anyone, auctioneers included, another
// bidder's bids, amounts or how many a round has. Every read of bids goes through here.
extension AuctionRules {
    /// BIDS: the seqs of a closed round's live bids, in order; `SEALED` before close and for good once
    /// cancelled.
    public func bids(of id: RoundID, in state: AuctionState) throws(GavelError) -> [Int64] {
        let round = try round(id, in: state)
        guard round.closed != nil else { throw .sealed(id) }
        return round.finalBidSeqs
    }

    /// PROOF: the counted bids' seqs and the close entry's seq; `NOT_FOUND` for a cancelled round.
    public func proof(of id: RoundID, in state: AuctionState) throws(GavelError) -> (bidSeqs: [Int64], closeSeq: Int64)
    {
        let round = try round(id, in: state)
        guard !round.cancelled else { throw .notFound("round \(id) was cancelled; it has no proof") }
        guard let closed = round.closed else { throw .sealed(id) }
        return (round.finalBidSeqs, closed.seq)
    }

    /// MYBIDS: the seqs of the bidder's own live bids, in one round or all, in order.
    public func liveBids(of bidder: BidderName, round id: RoundID?, in state: AuctionState) throws(GavelError)
        -> [Int64]
    {
        let finished = state.finalBids[bidder] ?? []
        guard let id else {
            let pending = state.pendingRounds.compactMap { state.round($0)?.liveBids[bidder]?.seq }
            return (pending + finished).sorted()
        }
        let round = try round(id, in: state)
        if round.isPending { return round.liveBids[bidder].map { [$0.seq] } ?? [] }
        let inRound = Set(round.finalBidSeqs)
        return finished.filter { inRound.contains($0) }.sorted()
    }

    /// RECEIPT: a bidder reads its own bids and withdrawals and any round's open, extend, cancel and
    /// close, except the open of a round with a secret reserve before it closes; an auctioneer reads
    /// anything but the bids and withdrawals of a round not yet closed. Every sealed entry gets the same
    /// `sealed(nil)`, which names no round.
    public func checkReceiptAccess(to event: Event, by actor: Actor, in state: AuctionState) throws(GavelError) {
        switch (actor.role, event) {
        case (.bidder, .bid(let bid)) where bid.bidder == actor.name: return
        case (.bidder, .withdraw(let withdrawal)) where withdrawal.bidder == actor.name: return
        case (.bidder, .open(let opened)) where opened.reserveVisibility == .secret:
            try checkClosed(opened.round, in: state)
        case (.bidder, .open), (.bidder, .extend), (.bidder, .cancel), (.bidder, .close): return
        case (.bidder, _): throw .notFound("no such receipt")
        case (.auctioneer, .bid(let bid)): try checkClosed(bid.round, in: state)
        case (.auctioneer, .withdraw(let withdrawal)): try checkClosed(withdrawal.round, in: state)
        case (.auctioneer, _): return
        }
    }

    private func checkClosed(_ id: RoundID, in state: AuctionState) throws(GavelError) {
        guard state.round(id)?.closed != nil else { throw .sealed(nil) }
    }
}
