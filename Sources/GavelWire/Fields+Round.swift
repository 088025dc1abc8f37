import GavelCore

// How rounds read on the wire, shared by ROUND, OPEN, ROUNDS and the CLOSED event.
extension Fields {
    /// `ROUND` and `OPEN`: `round handle state format opens closes`, the reserve rule, then after
    /// close `result bids` and, when sold, `winner price`.
    public init(round: Round, at now: Timestamp) {
        self = [
            "round": round.id, "handle": round.handle, "state": round.state(at: now).rawValue,
            "format": round.format.rawValue, "opens": round.opens, "closes": round.closes,
        ]
        appendReserve(of: round)
        if let closed = round.closed?.event { appendResult(closed.award, bids: closed.bids) }
    }

    /// `OPEN`'s reply: PROTOCOL.md lists `round handle state opens closes` first, so `format` follows them.
    public init(opened round: Round, at now: Timestamp) {
        self = [
            "round": round.id, "handle": round.handle, "state": round.state(at: now).rawValue,
            "opens": round.opens, "closes": round.closes, "format": round.format.rawValue,
        ]
        appendReserve(of: round)
    }

    /// A `ROUNDS` row: `round handle state format closes` and the reserve rule.
    public init(roundsRow round: Round, at now: Timestamp) {
        self = [
            "round": round.id, "handle": round.handle, "state": round.state(at: now).rawValue,
            "format": round.format.rawValue, "closes": round.closes,
        ]
        appendReserve(of: round)
    }

    /// A secret reserve is never shown: bidders learn only that there is one.
    private mutating func appendReserve(of round: Round) {
        switch round.reserveVisibility {
        case .public: append("reserve", round.reserve)
        case .secret: append("reserve_visibility", ReserveVisibility.secret.rawValue)
        }
    }

    /// `result=sold|unsold`, then `bids=` when given (ROUND shows it, the CLOSED event does not), then
    /// `winner= price=` when sold.
    mutating func appendResult(_ award: Award?, bids: Int?) {
        append("result", award == nil ? "unsold" : "sold")
        if let bids { append("bids", bids) }
        if let award {
            append("winner", award.winner)
            append("price", award.price)
        }
    }
}
