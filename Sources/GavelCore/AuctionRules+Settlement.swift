extension AuctionRules {
    /// SETTLE: the winner paid; the handle is due to it `transferDueMilliseconds` later.
    public func settle(_ id: RoundID, at now: Timestamp, in state: AuctionState) throws(GavelError) -> Event {
        let round = try round(id, in: state)
        guard round.award != nil else { throw .conflict("round \(id) is not closed and sold") }
        guard round.transferDue == nil else { throw .conflict("round \(id) is already settled") }
        return .settle(
            Event.RoundSettled(round: id, transferDue: now.adding(milliseconds: config.transferDueMilliseconds)))
    }

    /// TRANSFER: the handle goes to the winner of a settled round, once.
    public func transfer(_ id: RoundID, in state: AuctionState) throws(GavelError) -> Event {
        let round = try round(id, in: state)
        guard let award = round.award, round.transferDue != nil else {
            throw .conflict("round \(id) is not settled")
        }
        guard !round.transferred else { throw .conflict("round \(id) is already transferred") }
        return .transfer(Event.HandleTransferred(round: id, handle: round.handle, owner: award.winner))
    }

    /// INVOICE: the rounds the bidder won and has not paid for, with the bulk discount.
    public func invoice(for bidder: BidderName, in state: AuctionState) -> Invoice {
        let lines = state.rounds.compactMap { round -> Invoice.Line? in
            guard let award = round.award, award.winner == bidder, round.transferDue == nil else { return nil }
            return Invoice.Line(round: round.id, handle: round.handle, price: award.price)
        }
        return Invoice(lines: lines, policy: config.discounts)
    }
}
