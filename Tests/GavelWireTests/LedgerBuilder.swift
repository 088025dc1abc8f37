import GavelCore
import GavelWire

/// Builds an `AuctionState` the way the ledger does, one entry at a time, so tests get real
/// `Round`s, `Invoice`s and `PendingInquiry`s (whose initialisers GavelCore keeps to itself).
struct LedgerBuilder {
    private(set) var state = AuctionState()
    private(set) var now = time("2026-11-24T12:00:00.000Z")

    mutating func record(_ event: Event, afterMilliseconds milliseconds: Int64 = 1000) {
        now = now.adding(milliseconds: milliseconds)
        try! state.apply(Entry(seq: state.lastSeq + 1, at: now, event: event))
    }

    mutating func addBidder(_ bidder: String, role: Role = .bidder) {
        record(
            .bidder(
                Event.BidderAdded(
                    bidder: name(bidder), role: role, verified: true, tokenSHA256: String(repeating: bidder, count: 2)))
        )
    }

    mutating func open(
        _ handleText: String, reserve: Int64 = 10_000, visibility: ReserveVisibility = .public,
        format: RoundFormat = .first, opensAfterMilliseconds: Int64 = 0, closesAfterMilliseconds: Int64 = 3_600_000
    ) -> RoundID {
        let id = state.nextRoundID
        let opens = now.adding(milliseconds: 1000 + opensAfterMilliseconds)
        record(
            .open(
                Event.RoundOpened(
                    round: id, handle: handle(handleText), format: format, reserve: dollars(reserve),
                    reserveVisibility: visibility, opens: opens,
                    closes: opens.adding(milliseconds: closesAfterMilliseconds)
                )))
        return id
    }

    mutating func bid(_ id: RoundID, by bidder: String, _ amount: Int64) {
        let round = state.round(id)!
        record(
            .bid(
                Event.BidPlaced(
                    round: id, handle: round.handle, bidder: name(bidder), amount: dollars(amount), ref: nil,
                    replaces: round.liveBids[name(bidder)]?.seq)))
    }

    mutating func close(_ id: RoundID) {
        let plan = try! AuctionRules().close(id, at: now, in: state)
        record(plan.event(bidsSHA256: String(repeating: "0", count: 64)))
    }

    func round(_ id: RoundID) -> Round { state.round(id)! }
}
