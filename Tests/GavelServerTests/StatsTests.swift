import Foundation
import GavelEntry
import GavelServer
import Testing

@Suite("STATS: the headline figures, global over all rounds")
struct StatsTests {
    static let keys = [
        "connections", "rounds_open", "bids", "ledger_seq", "commands", "commit_batches", "next_close_ms",
    ]

    private func keys(of reply: String) -> [String] {
        reply.split(separator: " ").dropFirst().map { String($0.prefix { $0 != "=" }) }
    }

    @Test("the protocol's three fields first, then ledger_seq, commands, commit_batches and next_close_ms")
    func fields() async throws {
        let metrics = ServerMetrics()
        let harness = try await ServerHarness.start(ledger: InMemoryLedger(commitObserver: metrics), metrics: metrics)
        let admin = try harness.admin()
        #expect(
            try admin.call("STATS")
                == "OK connections=1 rounds_open=0 bids=0 ledger_seq=0 commands=1 commit_batches=0 next_close_ms=-")
        let acme = try harness.bidder("acme", via: admin)
        #expect(try admin.call("OPEN @acme reserve=10000 duration=1h").hasPrefix("OK round=1"))
        #expect(try admin.call("OPEN @later reserve=10000 opens=2099-01-01T00:00:00.000Z duration=1h").hasPrefix("OK"))
        #expect(try acme.call("BID @acme 20000").hasPrefix("OK v=1"))
        #expect(try acme.call("BID @acme 21000").hasPrefix("OK v=1"))
        let stats = try admin.call("STATS")
        #expect(keys(of: stats) == Self.keys, "no per-round figure: a round's bid count is sealed")
        // admin: AUTH, STATS, BIDDER ADD, OPEN, OPEN; acme: AUTH, BID, BID.
        #expect(stats.hasPrefix("OK connections=2 rounds_open=1 bids=2 ledger_seq=5 commands=8 commit_batches=5 "))
        let nextCloseMs = try #require(stats.field("next_close_ms").flatMap { Int64($0) })
        #expect(nextCloseMs > 0 && nextCloseMs <= 3_600_000, "the open round's close, not the scheduled one's")
        await harness.stop()
    }

    @Test("a pipelined STATS counts the commands and commits it waited for")
    func pipelined() async throws {
        let metrics = ServerMetrics()
        let harness = try await ServerHarness.start(ledger: InMemoryLedger(commitObserver: metrics), metrics: metrics)
        let admin = try harness.admin()
        try admin.send("BIDDER ADD acme\nBIDDER ADD globex\nSTATS\n")
        #expect(try admin.readReply().last?.hasPrefix("OK bidder=acme") == true)
        #expect(try admin.readReply().last?.hasPrefix("OK bidder=globex") == true)
        let stats = try #require(try admin.readReply().last)
        // The three lines arrive in one read and are taken in one turn: the two entries that turn records go
        // to the ledger as one append, one commit.
        #expect(stats.hasPrefix("OK connections=1 rounds_open=0 bids=0 ledger_seq=2 commands=3 commit_batches=1 "))
        await harness.stop()
    }
}
