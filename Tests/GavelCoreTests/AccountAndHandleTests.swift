import GavelCore
import Testing

@Suite("Accounts, handles and inquiries")
struct AccountAndHandleTests {
    private let bidder = Actor(name: try! BidderName(parsing: "acme"), role: .bidder)
    private let auctioneer = Actor(name: try! BidderName(parsing: "admin"), role: .auctioneer)

    @Test("a taken name or a reused token is CONFLICT; verifying an unknown bidder NOT_FOUND")
    func accounts() throws {
        var world = World()
        try world.addBidder("acme", verified: false)
        #expect(errorCode { try world.addBidder("acme") } == .conflict)
        #expect(errorCode { try world.addBidder("admin") } == .conflict, "the bootstrap auctioneer's name is taken")
        let digest = try #require(world.state.accounts[bidder.name]?.tokenSHA256)
        #expect(world.state.account(forTokenSHA256: digest)?.name == bidder.name)
        #expect(
            errorCode {
                _ = try world.rules.addBidder(
                    try BidderName(parsing: "other"), role: .bidder, verified: true, tokenSHA256: digest,
                    in: world.state)
            } == .conflict)
        try world.record(world.rules.setVerified(bidder.name, true, in: world.state))
        #expect(world.state.accounts[bidder.name]?.verified == true)
        #expect(
            errorCode { _ = try world.rules.setVerified(try BidderName(parsing: "ghost"), true, in: world.state) }
                == .notFound)
    }

    @Test("a bidder's first inquiry of an unknown handle is recorded and queued; later ones record nothing")
    func inquiries() throws {
        var world = World()
        try world.addBidder("acme")
        try world.addBidder("globex")
        let handle = try Handle(parsing: "@Dormant")
        let (availability, event) = world.rules.inquire(handle, by: bidder, in: world.state)
        #expect(availability == .pending)
        try world.record(try #require(event))
        let globex = Actor(name: try BidderName(parsing: "globex"), role: .bidder)
        #expect(world.rules.inquire(handle, by: globex, in: world.state).1 == nil)
        let queued = world.rules.pendingInquiries(in: world.state)
        #expect(queued.map(\.askedBy) == [bidder.name])
        #expect(queued.first?.firstAt == world.now)
        #expect(world.rules.inquire(handle, by: auctioneer, in: world.state).0 == .pending)
        try world.record(world.rules.setStatus(.dormant, of: handle))
        #expect(world.rules.pendingInquiries(in: world.state).isEmpty)
        #expect(world.rules.inquire(handle, by: bidder, in: world.state).0 == .available)
    }

    @Test("an auctioneer's inquiry queues nothing and shows unknown")
    func auctioneerInquiry() throws {
        let world = World()
        let (availability, event) = world.rules.inquire(try Handle(parsing: "x"), by: auctioneer, in: world.state)
        #expect(availability == .unknown)
        #expect(event == nil)
    }

    @Test("precedence: auction, then transferred, then sold, then the set status")
    func precedence() throws {
        var world = World()
        try world.addBidder("acme")
        let handle = try Handle(parsing: "acme")
        try world.record(world.rules.setStatus(.active, of: handle))
        #expect(world.rules.availability(of: handle, to: .bidder, in: world.state) == .unavailable)
        try world.record(world.rules.setStatus(.reserved, of: handle))
        #expect(world.rules.availability(of: handle, to: .bidder, in: world.state) == .unavailable)
        let round = try world.open("acme")
        let closes = try #require(world.state.round(round)?.closes)
        #expect(
            world.rules.availability(of: handle, to: .bidder, in: world.state) == .auction(round: round, closes: closes)
        )
        try world.bid("acme", round, dollars: 10_000)
        try world.close(round)
        #expect(world.rules.availability(of: handle, to: .bidder, in: world.state) == .sold(round: round))
        try world.record(world.rules.settle(round, at: world.now, in: world.state))
        try world.record(world.rules.transfer(round, in: world.state))
        #expect(world.rules.availability(of: handle, to: .bidder, in: world.state) == .transferred(owner: bidder.name))
    }

    @Test("OPEN answers a pending inquiry")
    func openAnswersInquiry() throws {
        var world = World()
        try world.addBidder("acme")
        let handle = try Handle(parsing: "acme")
        try world.record(try #require(world.rules.inquire(handle, by: bidder, in: world.state).1))
        try world.open("acme")
        #expect(world.rules.pendingInquiries(in: world.state).isEmpty)
    }

    @Test(
        "answer_due is first_at's time of day on the third Monday-to-Friday date after first_at's date",
        arguments: [
            ("2026-11-23T10:15:00.000Z", "2026-11-26T10:15:00.000Z"),  // Monday -> Thursday
            ("2026-11-26T10:15:00.000Z", "2026-12-01T10:15:00.000Z"),  // Thursday -> Tuesday
            ("2026-11-27T23:59:59.999Z", "2026-12-02T23:59:59.999Z"),  // Friday -> Wednesday
            ("2026-11-28T08:00:00.000Z", "2026-12-02T08:00:00.000Z"),  // Saturday -> Wednesday
            ("2026-11-29T08:00:00.000Z", "2026-12-02T08:00:00.000Z"),  // Sunday -> Wednesday
        ])
    func answerDue(firstAt: String, due: String) throws {
        let inquiry = PendingInquiry(
            handle: try Handle(parsing: "x"), askedBy: bidder.name, seq: 1, firstAt: Timestamp(rfc3339: firstAt)!)
        #expect(inquiry.answerDue.description == due)
    }
}
