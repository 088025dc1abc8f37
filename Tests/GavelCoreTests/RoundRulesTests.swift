import GavelCore
import Testing

@Suite("Round rules")
struct RoundRulesTests {
    private func request(_ handle: String, reserveDollars: Int64 = 10_000, closing: OpenRequest.Closing) throws
        -> OpenRequest
    {
        OpenRequest(handle: try Handle(parsing: handle), reserve: Money(dollars: reserveDollars), closing: closing)
    }

    @Test("OPEN with a duration opens now and closes that much later")
    func openWithDuration() throws {
        let world = World()
        let event = try world.rules.open(
            request("@acme", closing: .after(milliseconds: 60_000)), at: world.now, in: world.state)
        guard case .open(let opened) = event else {
            Issue.record("not an open")
            return
        }
        #expect(opened.round == RoundID(1))
        #expect(opened.opens == world.now)
        #expect(opened.closes == world.now.adding(milliseconds: 60_000))
        #expect(opened.format == .first)
        #expect(opened.reserveVisibility == .public)
    }

    @Test("a reserve below min_reserve or above max_bid is BAD_AMOUNT")
    func reserveLimits() throws {
        let world = World()
        #expect(
            errorCode {
                _ = try world.rules.open(
                    request("@acme", reserveDollars: 9_999, closing: .after(milliseconds: 1000)), at: world.now,
                    in: world.state)
            } == .badAmount)
        let strict = World(config: AuctionConfig(minReserve: Money(dollars: 50_000)))
        #expect(
            errorCode {
                _ = try strict.rules.open(
                    request("@acme", reserveDollars: 49_999, closing: .after(milliseconds: 1000)), at: strict.now,
                    in: strict.state)
            } == .badAmount)
    }

    @Test("a close time in the past or not after the open time is SYNTAX")
    func closeTimes() throws {
        let world = World()
        var past = try request("@acme", closing: .at(world.now.adding(milliseconds: -1)))
        #expect(errorCode { _ = try world.rules.open(past, at: world.now, in: world.state) } == .syntax)
        past.closing = .at(world.now)
        #expect(errorCode { _ = try world.rules.open(past, at: world.now, in: world.state) } == .syntax)
        var early = try request("@acme", closing: .at(world.now.adding(milliseconds: 5000)))
        early.opens = world.now.adding(milliseconds: 5000)
        #expect(errorCode { _ = try world.rules.open(early, at: world.now, in: world.state) } == .syntax)
    }

    @Test("a close time after 9999-12-31T23:59:59.999Z, which no ledger line can write, is SYNTAX, by OPEN or EXTEND")
    func closeTimesAfterYear9999() throws {
        var world = World()
        let latest = try #require(Timestamp(rfc3339: "9999-12-31T23:59:59.999Z"))
        #expect(Timestamp.latest == latest)
        var late = try request("@acme", closing: .after(milliseconds: 3_600_000))
        late.opens = Timestamp(rfc3339: "9999-12-31T23:00:00.000Z")
        #expect(errorCode { _ = try world.rules.open(late, at: world.now, in: world.state) } == .syntax)
        // A text cannot name such a time (Timestamp(rfc3339:) refuses it), but a computed one can.
        let beyond = try request("@acme", closing: .at(Timestamp.latest.adding(milliseconds: 1)))
        #expect(errorCode { _ = try world.rules.open(beyond, at: world.now, in: world.state) } == .syntax)
        let last = try request("@acme", closing: .at(latest))
        let event = try world.rules.open(last, at: world.now, in: world.state)
        try world.record(event)
        guard case .open(let opened) = event else { fatalError("open gives an open event") }
        #expect(
            errorCode { _ = try world.rules.extend(opened.round, byMilliseconds: 1, at: world.now, in: world.state) }
                == .syntax)
    }

    @Test("a second round for a handle with a scheduled or open round is CONFLICT; after close it is allowed")
    func oneRoundPerHandle() throws {
        var world = World()
        let round = try world.open("@acme")
        #expect(errorCode { try world.open("@ACME") } == .conflict)
        try world.close(round)
        #expect(try world.open("@acme") == RoundID(2))
    }

    @Test("CLOSE: scheduled or cancelled is ROUND_NOT_OPEN, closed is ROUND_CLOSED, unknown NOT_FOUND")
    func closeRules() throws {
        var world = World()
        let scheduled = try world.open("@later", opensInSeconds: 60)
        #expect(errorCode { try world.close(scheduled) } == .roundNotOpen)
        let open = try world.open("@acme")
        try world.close(open)
        #expect(errorCode { try world.close(open) } == .roundClosed)
        try world.record(world.rules.cancel(scheduled, reason: "typo", at: world.now, in: world.state))
        #expect(errorCode { try world.close(scheduled) } == .roundNotOpen)
        #expect(errorCode { try world.close(RoundID(42)) } == .notFound)
    }

    @Test("CANCEL and EXTEND: closed is ROUND_CLOSED, cancelled ROUND_NOT_OPEN, past the close time ROUND_CLOSED")
    func cancelAndExtendRules() throws {
        var world = World()
        let round = try world.open("@acme", durationSeconds: 60)
        let extended = try world.rules.extend(round, byMilliseconds: 30_000, at: world.now, in: world.state)
        try world.record(extended)
        #expect(world.state.round(round)?.closes == world.now.adding(milliseconds: 90_000))
        world.advance(seconds: 90)
        #expect(
            errorCode { _ = try world.rules.cancel(round, reason: nil, at: world.now, in: world.state) } == .roundClosed
        )
        #expect(
            errorCode { _ = try world.rules.extend(round, byMilliseconds: 1000, at: world.now, in: world.state) }
                == .roundClosed)
        try world.close(round)
        #expect(
            errorCode { _ = try world.rules.cancel(round, reason: nil, at: world.now, in: world.state) } == .roundClosed
        )
        let other = try world.open("@other")
        try world.record(world.rules.cancel(other, reason: nil, at: world.now, in: world.state))
        #expect(
            errorCode { _ = try world.rules.cancel(other, reason: nil, at: world.now, in: world.state) }
                == .roundNotOpen)
        #expect(
            errorCode { _ = try world.rules.extend(other, byMilliseconds: 1000, at: world.now, in: world.state) }
                == .roundNotOpen)
    }

    @Test("the timer closes exactly the rounds whose close time has come, and knows its next deadline")
    func timers() throws {
        var world = World()
        let soon = try world.open("@soon", durationSeconds: 10)
        let later = try world.open("@later", durationSeconds: 20, opensInSeconds: 5)
        #expect(world.rules.nextDeadline(after: world.now, in: world.state) == world.now.adding(milliseconds: 5000))
        world.advance(seconds: 9)
        #expect(world.rules.roundsToClose(at: world.now, in: world.state).isEmpty)
        world.advance(seconds: 1)
        #expect(world.rules.roundsToClose(at: world.now, in: world.state) == [soon])
        try world.close(soon)
        world.advance(seconds: 15)
        #expect(world.rules.roundsToClose(at: world.now, in: world.state) == [later])
    }

    @Test("a cancelled round keeps its bids sealed for good and has no proof")
    func cancelledSealed() throws {
        var world = World()
        try world.addBidder("acme")
        let round = try world.open("@acme")
        try world.bid("acme", round, dollars: 20_000)
        try world.record(world.rules.cancel(round, reason: nil, at: world.now, in: world.state))
        #expect(errorCode { _ = try world.rules.bids(of: round, in: world.state) } == .sealed)
        #expect(errorCode { _ = try world.rules.proof(of: round, in: world.state) } == .notFound)
        #expect(world.state.round(round)?.state(at: world.now) == .cancelled)
    }
}
