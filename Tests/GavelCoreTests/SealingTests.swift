import GavelCore
import Testing

@Suite("Sealed bids")
struct SealingTests {
    private let acme = Actor(name: try! BidderName(parsing: "acme"), role: .bidder)
    private let globex = Actor(name: try! BidderName(parsing: "globex"), role: .bidder)
    private let admin = Actor(name: try! BidderName(parsing: "admin"), role: .auctioneer)

    @Test("before close: BIDS and PROOF are SEALED, receipts of others' bids hidden from everyone")
    func sealedBeforeClose() throws {
        var world = World()
        try world.addBidder("acme")
        try world.addBidder("globex")
        let round = try world.open("acme")
        let bid = try world.bid("acme", round, dollars: 15_000)
        #expect(errorCode { _ = try world.rules.bids(of: round, in: world.state) } == .sealed)
        #expect(errorCode { _ = try world.rules.proof(of: round, in: world.state) } == .sealed)
        #expect(errorCode { try world.rules.checkReceiptAccess(to: bid.event, by: admin, in: world.state) } == .sealed)
        #expect(
            errorCode { try world.rules.checkReceiptAccess(to: bid.event, by: globex, in: world.state) } == .notFound)
        try world.rules.checkReceiptAccess(to: bid.event, by: acme, in: world.state)
        #expect(try world.rules.liveBids(of: acme.name, round: round, in: world.state) == [bid.seq])
        #expect(try world.rules.liveBids(of: globex.name, round: nil, in: world.state).isEmpty)
    }

    @Test("after close: BIDS lists live bids, PROOF the counted seqs and the close seq")
    func openAfterClose() throws {
        var world = World()
        try world.addBidder("acme")
        try world.addBidder("globex")
        let round = try world.open("acme")
        let first = try world.bid("acme", round, dollars: 15_000)
        let second = try world.bid("globex", round, dollars: 16_000)
        let replaced = try world.bid("acme", round, dollars: 17_000)
        let close = try world.close(round)
        #expect(try world.rules.bids(of: round, in: world.state) == [second.seq, replaced.seq])
        let proof = try world.rules.proof(of: round, in: world.state)
        #expect(proof.bidSeqs == [second.seq, replaced.seq])
        #expect(proof.closeSeq == close.seq)
        try world.rules.checkReceiptAccess(to: first.event, by: admin, in: world.state)
        #expect(
            errorCode { try world.rules.checkReceiptAccess(to: first.event, by: globex, in: world.state) } == .notFound)
        try world.rules.checkReceiptAccess(to: close.event, by: globex, in: world.state)
    }

    @Test("a bidder reads open, extend, cancel and close receipts, not accounts or handles")
    func bidderReceiptKinds() throws {
        var world = World()
        let account = try world.record(
            world.rules.addBidder(acme.name, role: .bidder, verified: true, tokenSHA256: "ab", in: world.state))
        let handle = try world.record(world.rules.setStatus(.dormant, of: try Handle(parsing: "x")))
        let round = try world.open("x")
        let open = world.entries.last!
        let extend = try world.record(world.rules.extend(round, byMilliseconds: 1000, at: world.now, in: world.state))
        let cancel = try world.record(world.rules.cancel(round, reason: nil, at: world.now, in: world.state))
        for entry in [open, extend, cancel] {
            try world.rules.checkReceiptAccess(to: entry.event, by: globex, in: world.state)
        }
        for entry in [account, handle] {
            #expect(
                errorCode { try world.rules.checkReceiptAccess(to: entry.event, by: globex, in: world.state) }
                    == .notFound)
            try world.rules.checkReceiptAccess(to: entry.event, by: admin, in: world.state)
        }
    }

    @Test("a finished round keeps its live bids' seqs, not their table; MYBIDS still finds each bidder's own")
    func finishedRoundsKeepSeqsOnly() throws {
        var world = World()
        try world.addBidder("acme")
        try world.addBidder("globex")
        let closed = try world.open("acme")
        _ = try world.bid("acme", closed, dollars: 15_000)
        let globexClosed = try world.bid("globex", closed, dollars: 16_000)
        let acmeClosed = try world.bid("acme", closed, dollars: 17_000)
        _ = try world.close(closed)
        let cancelled = try world.open("globex")
        let acmeCancelled = try world.bid("acme", cancelled, dollars: 12_000)
        _ = try world.record(world.rules.cancel(cancelled, reason: nil, at: world.now, in: world.state))
        let open = try world.open("initech")
        let acmeOpen = try world.bid("acme", open, dollars: 11_000)
        for id in [closed, cancelled] {
            #expect(world.state.round(id)?.liveBids.isEmpty == true, "no bid table is left in a finished round")
        }
        #expect(world.state.round(closed)?.finalBidSeqs == [globexClosed.seq, acmeClosed.seq])
        #expect(world.state.round(cancelled)?.finalBidSeqs == [acmeCancelled.seq])
        let mine = { (id: RoundID?) in try world.rules.liveBids(of: acme.name, round: id, in: world.state) }
        #expect(try mine(nil) == [acmeClosed.seq, acmeCancelled.seq, acmeOpen.seq])
        #expect(try mine(closed) == [acmeClosed.seq])
        #expect(try mine(cancelled) == [acmeCancelled.seq])
        #expect(try mine(open) == [acmeOpen.seq])
        #expect(try world.rules.liveBids(of: globex.name, round: nil, in: world.state) == [globexClosed.seq])
    }
}
