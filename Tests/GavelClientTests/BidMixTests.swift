import GavelCore
import GavelWire
import Testing

@testable import GavelLoad

@Suite("gavel-load's choice of the next BID")
struct BidMixTests {
    static let rounds = [
        LoadRound(id: RoundID(1), closesAtMs: 1_000), LoadRound(id: RoundID(2), closesAtMs: 2_000),
        LoadRound(id: RoundID(3), closesAtMs: 3_000),
    ]

    @Test("in a burst, bids aim at the round closing next until a ROUND_CLOSED shows it closed, whatever the clock")
    func burstFollowsReplies() throws {
        var mix = try Self.mix(burst: true)
        #expect(Self.targets(&mix, count: 20) == [RoundID(1)])
        mix.roundClosed(Self.rounds[0])
        #expect(Self.targets(&mix, count: 20) == [RoundID(2)])
        // A late reply about a round already left behind changes nothing.
        mix.roundClosed(Self.rounds[0])
        #expect(Self.targets(&mix, count: 20) == [RoundID(2)])
        mix.roundClosed(Self.rounds[2])
        mix.roundClosed(Self.rounds[1])
        #expect(Self.targets(&mix, count: 20) == [RoundID(3)])
    }

    @Test("without a burst, bids go to the rounds in turn")
    func rotation() throws {
        var mix = try Self.mix(burst: false)
        #expect(Self.targets(&mix, count: 9) == Set(Self.rounds.map(\.id)))
    }

    static func mix(burst: Bool) throws -> BidMix {
        var options = LoadOptions(address: try LoopbackAddress(host: "127.0.0.1", port: 7070), adminToken: "t")
        options.burst = burst
        options.sameRoundShare = 0
        options.retryShare = 0
        return BidMix(runID: "r", connection: 0, rounds: rounds, options: options)
    }

    /// The rounds of the next `count` bids.
    static func targets(_ mix: inout BidMix, count: Int) -> Set<RoundID> {
        Set((0..<count).map { _ in mix.next().round.id })
    }
}
