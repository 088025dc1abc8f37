import GavelCore
import PropertyBased
import Testing

@Suite("Replay and simulation")
struct ReplayTests {
    @Test("apply refuses a gap in seq, time going back, and a close that its bids do not give")
    func refusesBrokenLedgers() throws {
        var world = World()
        try world.addBidder("acme")
        let round = try world.open("acme")
        try world.bid("acme", round, dollars: 20_000)
        var state = world.state
        let gap = Entry(
            seq: state.lastSeq + 2, at: world.now, event: world.rules.setStatus(.active, of: try Handle(parsing: "x")))
        #expect(errorCode { try state.apply(gap) } == .internal)
        let past = Entry(seq: state.lastSeq + 1, at: world.now.adding(milliseconds: -1), event: gap.event)
        #expect(errorCode { try state.apply(past) } == .internal)
        let forged = Event.close(
            .init(
                round: round, handle: try Handle(parsing: "acme"), bids: 1, bidsSHA256: "",
                award: Award(winner: try BidderName(parsing: "acme"), price: Money(dollars: 10_000))))
        #expect(errorCode { try state.apply(Entry(seq: state.lastSeq + 1, at: world.now, event: forged)) } == .internal)
        let unknownRound = Event.extend(.init(round: RoundID(7), closes: world.now))
        #expect(
            errorCode { try state.apply(Entry(seq: state.lastSeq + 1, at: world.now, event: unknownRound)) }
                == .internal)
        #expect(state == world.state)
    }

    @Test("random auctions: invariants hold after every step, and replay rebuilds the same state")
    func simulation() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000).array(of: 20...120)) { choices in
            do {
                try Self.simulate(choices)
            } catch {
                Issue.record(error)
            }
        }
    }

    private static func simulate(_ choices: [Int]) throws {
        var simulation = try Simulation()
        for choice in choices {
            try simulation.step(choice)
            simulation.checkInvariants()
        }
        var replayed = AuctionState()
        for entry in simulation.world.entries { try replayed.apply(entry) }
        #expect(replayed == simulation.world.state)
        var twice = AuctionState()
        for entry in simulation.world.entries { try twice.apply(entry) }
        #expect(twice == replayed)
    }
}

/// Drives the rules with pseudo-random commands and a fake clock, as the server would.
private struct Simulation {
    var world = World()
    let bidders = ["a", "b", "c", "d"]
    let handles = ["h1", "h2", "h3"]

    init() throws {
        for name in bidders { try world.addBidder(name, verified: name != "d") }
    }

    mutating func step(_ choice: Int) throws {
        let bidder = try BidderName(parsing: bidders[choice % bidders.count])
        let handle = try Handle(parsing: handles[choice / 7 % handles.count])
        let round = RoundID(Int64(choice / 11 % max(world.state.rounds.count, 1)) + 1)
        let decision: Decision?
        switch choice % 9 {
        case 0:
            let request = OpenRequest(
                handle: handle, reserve: Money(dollars: 10_000 + Int64(choice % 5) * 1000),
                closing: .after(milliseconds: Int64(choice % 50 + 1) * 1000),
                opens: choice % 4 == 0 ? world.now.adding(milliseconds: 5000) : nil,
                format: choice % 2 == 0 ? .first : .second, reserveVisibility: choice % 3 == 0 ? .secret : .public)
            decision = try? .record(world.rules.open(request, at: world.now, in: world.state))
        case 1, 2, 3:
            let amount = Money(dollars: 8_000 + Int64(choice % 17) * 1000)
            let ref = choice % 5 == 0 ? try IdempotencyRef(parsing: "r\(choice % 13)") : nil
            decision = try? world.rules.bid(
                .id(round), amount: amount, ref: ref, by: bidder, at: world.now, in: world.state)
        case 4:
            decision = try? world.rules.withdraw(.id(round), ref: nil, by: bidder, at: world.now, in: world.state)
        case 5:
            decision = try? .record(
                world.rules.close(round, at: world.now, in: world.state).event(
                    bidsSHA256: String(repeating: "0", count: 64)))
        case 6:
            decision = try? .record(world.rules.extend(round, byMilliseconds: 3000, at: world.now, in: world.state))
        case 7:
            decision = try? .record(world.rules.cancel(round, reason: nil, at: world.now, in: world.state))
        default:
            world.advance(seconds: Int64(choice % 20))
            for due in world.rules.roundsToClose(at: world.now, in: world.state) {
                try world.record(world.rules.close(due, at: world.now, in: world.state).event(bidsSHA256: ""))
            }
            decision = nil
        }
        if let decision { try world.record(decision) }
    }

    func checkInvariants() {
        let state = world.state
        for entry in world.entries {
            guard case .bid(let bid) = entry.event, let round = state.round(bid.round) else { continue }
            #expect(entry.at < round.closes, "no bid is accepted at or after its round's close time")
            #expect(entry.at >= round.opens, "no bid before the round opens")
        }
        for round in state.rounds {
            #expect(round.liveBids.count <= bidders.count, "one live bid per bidder per round")
            if let award = round.award {
                #expect(award.price >= round.reserve)
                let winning = world.entries.first {
                    guard case .bid(let bid) = $0.event else { return false }
                    return bid.bidder == award.winner && round.finalBidSeqs.contains($0.seq)
                }
                guard case .bid(let bid) = winning?.event else {
                    Issue.record("round \(round.id)'s winner has no counted bid")
                    continue
                }
                #expect(award.price <= bid.amount)
            }
            #expect(state.pendingRounds.contains(round.id) == round.isPending)
        }
        let pendingByHandle = Dictionary(grouping: state.rounds.filter(\.isPending), by: \.handle)
        #expect(pendingByHandle.values.allSatisfy { $0.count == 1 }, "one open or scheduled round per handle")
    }
}
