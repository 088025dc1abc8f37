import GavelCore
import Testing

@Suite("Bidding rules")
struct BiddingRulesTests {
    private func world() throws -> (World, RoundID) {
        var world = World()
        try world.addBidder("acme")
        try world.addBidder("globex")
        try world.addBidder("pending", verified: false)
        let round = try world.open("@acme", reserveDollars: 20_000, durationSeconds: 600)
        return (world, round)
    }

    @Test("a bid in an open round is recorded with ref=- and no replaces")
    func bidRecorded() throws {
        var (world, round) = try world()
        let entry = try world.bid("acme", round, dollars: 25_000)
        guard case .bid(let bid) = entry.event else {
            Issue.record("not a bid")
            return
        }
        #expect(bid.amount == Money(dollars: 25_000))
        #expect(bid.ref == nil)
        #expect(bid.replaces == nil)
        #expect(world.state.round(round)?.liveBids[bid.bidder]?.seq == entry.seq)
    }

    @Test("a newer bid replaces the bidder's live bid")
    func replacement() throws {
        var (world, round) = try world()
        let first = try world.bid("acme", round, dollars: 25_000)
        let second = try world.bid("acme", round, dollars: 30_000)
        guard case .bid(let bid) = second.event else {
            Issue.record("not a bid")
            return
        }
        #expect(bid.replaces == first.seq)
        #expect(world.state.round(round)?.liveBids.count == 1)
        #expect(world.state.round(round)?.liveBids[bid.bidder]?.amount == Money(dollars: 30_000))
    }

    @Test("a bid below a public reserve is BELOW_RESERVE; at the reserve it is accepted")
    func publicReserve() throws {
        var (world, round) = try world()
        #expect(errorCode { try world.bid("acme", round, dollars: 19_999, cents: 99) } == .belowReserve)
        try world.bid("acme", round, dollars: 20_000)
    }

    @Test("with a secret reserve a low bid is recorded and cannot win")
    func secretReserve() throws {
        var world = World()
        try world.addBidder("acme")
        let round = try world.open("@acme", reserveDollars: 20_000, visibility: .secret)
        try world.bid("acme", round, dollars: 15_000)
        world.advance(seconds: 3600)
        let close = try world.close(round)
        guard case .close(let closed) = close.event else {
            Issue.record("not a close")
            return
        }
        #expect(closed.award == nil)
        #expect(closed.bids == 1)
    }

    @Test("an unverified or suspended bidder is NOT_VERIFIED")
    func notVerified() throws {
        var (world, round) = try world()
        #expect(errorCode { try world.bid("pending", round, dollars: 25_000) } == .notVerified)
        try world.record(world.rules.setVerified(try BidderName(parsing: "acme"), false, in: world.state))
        #expect(errorCode { try world.bid("acme", round, dollars: 25_000) } == .notVerified)
    }

    @Test("a bid at or after the close time is ROUND_CLOSED even before the timer closes the round")
    func noBidAfterClose() throws {
        var (world, round) = try world()
        world.advance(seconds: 599)
        try world.bid("acme", round, dollars: 25_000)
        world.advance(seconds: 1)
        #expect(world.state.round(round)?.state(at: world.now) == .open)
        #expect(errorCode { try world.bid("globex", round, dollars: 25_000) } == .roundClosed)
        world.now = world.now.adding(milliseconds: -1)
        try world.bid("globex", round, dollars: 25_000)
    }

    @Test("a closed round is ROUND_CLOSED; a scheduled or cancelled one ROUND_NOT_OPEN")
    func roundStates() throws {
        var (world, round) = try world()
        let scheduled = try world.open("@later", opensInSeconds: 60)
        #expect(errorCode { try world.bid("acme", scheduled, dollars: 25_000) } == .roundNotOpen)
        try world.record(world.rules.cancel(scheduled, reason: nil, at: world.now, in: world.state))
        #expect(errorCode { try world.bid("acme", scheduled, dollars: 25_000) } == .roundNotOpen)
        try world.close(round)
        #expect(errorCode { try world.bid("acme", round, dollars: 25_000) } == .roundClosed)
    }

    @Test("a scheduled round opens at its open time without an entry")
    func scheduledOpens() throws {
        var (world, _) = try world()
        let scheduled = try world.open("@later", opensInSeconds: 60)
        world.advance(seconds: 60)
        #expect(world.state.round(scheduled)?.state(at: world.now) == .open)
        try world.bid("acme", scheduled, dollars: 25_000)
    }

    @Test("an unknown round or a handle without a round is NOT_FOUND")
    func unknownRound() throws {
        var (world, _) = try world()
        #expect(errorCode { try world.bid("acme", RoundID(99), dollars: 25_000) } == .notFound)
        let decide = {
            try world.rules.bid(
                .handle(try Handle(parsing: "nobody")), amount: Money(dollars: 25_000), ref: nil,
                by: try BidderName(parsing: "acme"), at: world.now, in: world.state)
        }
        #expect(errorCode { _ = try decide() } == .notFound)
    }

    @Test("@handle means the handle's open or scheduled round")
    func byHandle() throws {
        let (world, round) = try world()
        let decision = try world.rules.bid(
            .handle(try Handle(parsing: "@ACME")), amount: Money(dollars: 25_000), ref: nil,
            by: try BidderName(parsing: "acme"), at: world.now, in: world.state)
        guard case .record(.bid(let bid)) = decision else {
            Issue.record("not a bid")
            return
        }
        #expect(bid.round == round)
    }

    @Test("an amount above max_bid is BAD_AMOUNT")
    func maxBid() throws {
        var world = World(config: AuctionConfig(maxBid: Money(dollars: 100_000)))
        try world.addBidder("acme")
        let round = try world.open("@acme")
        #expect(errorCode { try world.bid("acme", round, dollars: 100_000, cents: 1) } == .badAmount)
        try world.bid("acme", round, dollars: 100_000)
    }

    @Test("a ref used before returns the original entry, whatever the other arguments, and records nothing")
    func idempotentRef() throws {
        var (world, round) = try world()
        let first = try world.bid("acme", round, dollars: 25_000, ref: "r1")
        let head = world.state.lastSeq
        let again = try world.bid("acme", round, dollars: 99_000, ref: "r1")
        #expect(again == first)
        #expect(world.state.lastSeq == head)
        let other = try world.bid("globex", round, dollars: 25_000, ref: "r1")
        #expect(other.seq == head + 1)
        try world.close(round)
        #expect(try world.bid("acme", round, dollars: 1, ref: "r1") == first)
    }

    @Test("the ref of a withdrawal repeats the withdrawal")
    func withdrawRef() throws {
        var (world, round) = try world()
        try world.bid("acme", round, dollars: 25_000)
        let acme = try BidderName(parsing: "acme")
        let ref = try IdempotencyRef(parsing: "w1")
        let withdrawal = try world.record(
            world.rules.withdraw(.id(round), ref: ref, by: acme, at: world.now, in: world.state))
        #expect(world.state.round(round)?.liveBids[acme] == nil)
        let again = try world.rules.bid(
            .id(round), amount: Money(dollars: 30_000), ref: ref, by: acme, at: world.now, in: world.state)
        #expect(again == .repeatReceipt(seq: withdrawal.seq))
    }

    @Test("withdrawing without a live bid is NOT_FOUND; after close ROUND_CLOSED")
    func withdrawRules() throws {
        var (world, round) = try world()
        let acme = try BidderName(parsing: "acme")
        let withdraw = { try world.rules.withdraw(.id(round), ref: nil, by: acme, at: world.now, in: world.state) }
        #expect(errorCode { _ = try withdraw() } == .notFound)
        let bid = try world.bid("acme", round, dollars: 25_000)
        let decision = try withdraw()
        guard case .record(.withdraw(let withdrawn)) = decision else {
            Issue.record("not a withdrawal")
            return
        }
        #expect(withdrawn.replaces == bid.seq)
        try world.close(round)
        #expect(errorCode { _ = try withdraw() } == .roundClosed)
    }
}
