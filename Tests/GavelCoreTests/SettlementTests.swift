import GavelCore
import Testing

@Suite("Settlement, transfer and invoices")
struct SettlementTests {
    private func wonRounds(_ prices: [Int64], config: AuctionConfig = AuctionConfig()) throws -> (World, [RoundID]) {
        var world = World(config: config)
        try world.addBidder("acme")
        var rounds: [RoundID] = []
        for (index, dollars) in prices.enumerated() {
            let round = try world.open("h\(index)")
            try world.bid("acme", round, dollars: dollars)
            try world.close(round)
            rounds.append(round)
        }
        return (world, rounds)
    }

    @Test("SETTLE sets the transfer 48 hours later; TRANSFER after it, once")
    func settleThenTransfer() throws {
        var (world, rounds) = try wonRounds([12_000])
        let round = rounds[0]
        #expect(errorCode { _ = try world.rules.transfer(round, in: world.state) } == .conflict)
        let settled = try world.record(world.rules.settle(round, at: world.now, in: world.state))
        guard case .settle(let settle) = settled.event else {
            Issue.record("not a settle")
            return
        }
        #expect(settle.transferDue == world.now.adding(milliseconds: 48 * 3_600_000))
        #expect(errorCode { _ = try world.rules.settle(round, at: world.now, in: world.state) } == .conflict)
        let transfer = try world.rules.transfer(round, in: world.state)
        #expect(
            transfer
                == .transfer(
                    .init(round: round, handle: try Handle(parsing: "h0"), owner: try BidderName(parsing: "acme"))))
        try world.record(transfer)
        #expect(errorCode { _ = try world.rules.transfer(round, in: world.state) } == .conflict)
    }

    @Test("an unsold or unclosed round cannot be settled; an unknown one is NOT_FOUND")
    func settleConflicts() throws {
        var world = World()
        let open = try world.open("acme")
        #expect(errorCode { _ = try world.rules.settle(open, at: world.now, in: world.state) } == .conflict)
        try world.close(open)
        #expect(errorCode { _ = try world.rules.settle(open, at: world.now, in: world.state) } == .conflict)
        #expect(errorCode { _ = try world.rules.settle(RoundID(9), at: world.now, in: world.state) } == .notFound)
    }

    @Test(
        "invoice discounts by count: 1 none, 2-4 5 %, 5-9 10 %, 10+ 15 %",
        arguments: [(1, 0), (2, 500), (4, 500), (5, 1000), (9, 1000), (10, 1500), (12, 1500)] as [(Int, Int64)])
    func countTiers(count: Int, basisPoints: Int64) throws {
        let (world, _) = try wonRounds(Array(repeating: 10_000, count: count))
        let invoice = world.rules.invoice(for: try BidderName(parsing: "acme"), in: world.state)
        #expect(invoice.lines.count == count)
        #expect(invoice.subtotal == Money(dollars: 10_000 * Int64(count)))
        #expect(invoice.discount.cents == invoice.subtotal.cents * basisPoints / 10_000)
        #expect(invoice.total == invoice.subtotal - invoice.discount)
    }

    @Test("the value tier wins when it is larger: 7.5 % from 1,000,000.00")
    func valueTier() throws {
        let (world, _) = try wonRounds([600_000, 400_000])
        let invoice = world.rules.invoice(for: try BidderName(parsing: "acme"), in: world.state)
        #expect(invoice.discount == Money(dollars: 75_000))
        let (justBelow, _) = try wonRounds([600_000, 399_999])
        #expect(
            justBelow.rules.invoice(for: try BidderName(parsing: "acme"), in: justBelow.state).discount.cents
                == 4_999_995)
    }

    @Test("settled rounds leave the invoice")
    func settledLeaves() throws {
        var (world, rounds) = try wonRounds([10_000, 20_000])
        try world.record(world.rules.settle(rounds[0], at: world.now, in: world.state))
        let invoice = world.rules.invoice(for: try BidderName(parsing: "acme"), in: world.state)
        #expect(invoice.lines.map(\.round) == [rounds[1]])
        #expect(invoice.discount == .zero)
    }

    @Test("discount cents round half to even")
    func halfEven() {
        let policy = DiscountPolicy(handleTiers: [.init(minimumHandles: 1, basisPoints: 500)], valueTiers: [])
        #expect(policy.discount(handles: 1, subtotal: Money(cents: 10)).cents == 0)  // 0.5 -> 0
        #expect(policy.discount(handles: 1, subtotal: Money(cents: 30)).cents == 2)  // 1.5 -> 2
        #expect(policy.discount(handles: 1, subtotal: Money(cents: 50)).cents == 2)  // 2.5 -> 2
        #expect(policy.discount(handles: 1, subtotal: Money(cents: 31)).cents == 2)  // 1.55 -> 2
        #expect(policy.discount(handles: 1, subtotal: Money(cents: 29)).cents == 1)  // 1.45 -> 1
    }
}
