extension AuctionRules {
    /// OPEN: the reserve within `min_reserve`...`max_bid`, the close time after the open time, in the future
    /// and not after `Timestamp.latest`, and no other open or scheduled round for the handle. A round never
    /// opens in the past.
    public func open(_ request: OpenRequest, at now: Timestamp, in state: AuctionState) throws(GavelError) -> Event {
        guard request.reserve >= config.minReserve else { throw .badAmount(.belowMinimumReserve(config.minReserve)) }
        guard request.reserve <= config.maxBid else { throw .badAmount(.aboveMaximum(config.maxBid)) }
        let opens = max(request.opens ?? now, now)
        let closes: Timestamp
        switch request.closing {
        case .after(let milliseconds): closes = opens.adding(milliseconds: milliseconds)
        case .at(let moment): closes = moment
        }
        guard closes > opens, closes > now else {
            throw .syntax("close time must be after the open time and in the future")
        }
        guard closes <= .latest else { throw .syntax("close time must not be after \(Timestamp.latest)") }
        guard state.handles[request.handle]?.pendingRound == nil else {
            throw .conflict("handle \(request.handle) already has a scheduled or open round")
        }
        let opened = Event.RoundOpened(
            round: state.nextRoundID, handle: request.handle, format: request.format, reserve: request.reserve,
            reserveVisibility: request.reserveVisibility, opens: opens, closes: closes)
        return .open(opened)
    }

    /// CLOSE, or the timer at the close time: an open round's result, fixed now.
    public func close(_ id: RoundID, at now: Timestamp, in state: AuctionState) throws(GavelError) -> ClosePlan {
        let round = try round(id, in: state)
        switch round.state(at: now) {
        case .scheduled, .cancelled: throw .roundNotOpen(id, round.state(at: now))
        case .closed: throw .roundClosed(id)
        case .open: return ClosePlan(round: id, handle: round.handle, result: round.currentResult)
        }
    }

    /// CANCEL: an open or scheduled round whose close time has not passed; it will never close.
    public func cancel(
        _ id: RoundID, reason: String?, at now: Timestamp, in state: AuctionState
    ) throws(GavelError) -> Event {
        let round = try changeableRound(id, at: now, in: state)
        return .cancel(Event.RoundCancelled(round: id, handle: round.handle, reason: reason))
    }

    /// EXTEND: moves an open or scheduled round's close time later, but not after `Timestamp.latest`.
    public func extend(
        _ id: RoundID, byMilliseconds milliseconds: Int64, at now: Timestamp, in state: AuctionState
    ) throws(GavelError) -> Event {
        precondition(milliseconds > 0, "an extension moves the close time later")
        let round = try changeableRound(id, at: now, in: state)
        let closes = round.closes.adding(milliseconds: milliseconds)
        guard closes <= .latest else { throw .syntax("close time must not be after \(Timestamp.latest)") }
        return .extend(Event.RoundExtended(round: id, closes: closes))
    }

    /// The open rounds whose close time has come: the timer closes these.
    public func roundsToClose(at now: Timestamp, in state: AuctionState) -> [RoundID] {
        state.pendingRounds.filter { id in state.round(id).map { now >= $0.closes } ?? false }.sorted()
    }

    /// The earliest moment after which a timer has work: a scheduled round opens or a round closes.
    public func nextDeadline(after now: Timestamp, in state: AuctionState) -> Timestamp? {
        state.pendingRounds.compactMap { id -> Timestamp? in
            guard let round = state.round(id) else { return nil }
            return now < round.opens ? round.opens : round.closes
        }.min()
    }

    private func changeableRound(_ id: RoundID, at now: Timestamp, in state: AuctionState) throws(GavelError) -> Round {
        let round = try round(id, in: state)
        switch round.state(at: now) {
        case .cancelled: throw .roundNotOpen(id, .cancelled)
        case .closed: throw .roundClosed(id)
        case .scheduled, .open:
            guard now < round.closes else { throw .roundClosed(id) }
            return round
        }
    }
}
