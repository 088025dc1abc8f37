import GavelCore
import GavelEntry
import NIOEmbedded
import Testing

@testable import GavelServer

@Suite("No client holds the others up", .serialized)
struct FairnessTests {
    @Test("WATCH echoes what it watches; past max_watches it is RATE_LIMITED and the connection goes on")
    func watchLimit() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) { $0.maxWatches = 1_000 }
        let admin = try harness.admin()
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let watcher = try harness.bidder("bee", via: admin)
        #expect(try watcher.call("WATCH @acme") == "OK watching=@acme")
        #expect(try watcher.call("WATCH 1") == "OK watching=1")
        #expect(try watcher.call("WATCH ALL") == "OK watching=all")
        #expect(try watcher.call("WATCH @acme") == "OK watching=@acme", "watching again is no new watch")
        try watcher.send((0..<997).map { "WATCH @h\($0)\n" }.joined())
        for _ in 0..<997 { #expect(try watcher.readReply().last!.hasPrefix("OK watching=@h")) }
        #expect(try watcher.call("WATCH @onetoomany").hasPrefix("ERR RATE_LIMITED"))
        #expect(try watcher.call("PING") == "OK pong")
        await harness.stop()
    }

    @Test("a closing connection drops only its own watches, however many the server holds")
    func watchChurn() throws {
        let loop = EmbeddedEventLoop()
        func link() -> SessionLink { SessionLink(channel: EmbeddedChannel(loop: loop)) }
        var watchers = Watchers(maxPerSession: 1_000)
        let heavy = (0..<8).map { _ in link() }
        for session in heavy {
            for index in 0..<1_000 { try watchers.add(session, for: .handle(try Handle(parsing: "h\(index)"))) }
        }
        #expect(throws: GavelError.self) { try watchers.add(heavy[0], for: .all) }
        #expect(watchers.targetCount == 1_000)
        let light = link()
        try watchers.add(light, for: .all)
        #expect(watchers.remove(light) == 1, "one watch dropped, not 8,000 looked at")
        #expect(watchers.remove(link()) == 0)
        #expect(watchers.remove(heavy[0]) == 1_000)
        #expect(watchers.targetCount == 1_000, "the others still watch every handle")
    }

    @Test("unauthenticated connections past the per-address budget are refused; a bidder still gets in")
    func unauthenticatedBudgetPerAddress() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) {
            $0.maxUnauthenticatedConnectionsPerIP = 3
            $0.maxUnauthenticatedConnections = 100
            $0.authTimeoutMs = 600_000
        }
        var held: [LineClient] = []
        for source in ["127.0.0.2", "127.0.0.3", "127.0.0.4"] {
            for _ in 0..<3 {
                let client = try LineClient(port: harness.port, source: source)
                #expect(try client.readLine().hasPrefix("* HELLO"))
                held.append(client)
            }
            let refused = try LineClient(port: harness.port, source: source)
            #expect(try refused.readLine().hasPrefix("* HELLO"))
            #expect(
                try refused.readLine()
                    == "ERR TOO_MANY_CONNECTIONS limit of 3 connections not yet authenticated from one address reached")
            #expect(refused.isClosedByServer())
        }
        let admin = try harness.admin()
        let bidder = try harness.bidder("acme", via: admin)
        #expect(try bidder.call("PING") == "OK pong")
        // Authenticated connections left the budget: three more unauthenticated ones fit from here.
        let more = try (0..<3).map { _ in try harness.client() }
        for client in more { #expect(try client.call("PING") == "OK pong") }
        #expect(held.count == 9)
        await harness.stop()
    }

    @Test("past the overall unauthenticated budget new connections are refused, from any address")
    func unauthenticatedBudgetOverall() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) {
            $0.maxUnauthenticatedConnections = 4
            $0.authTimeoutMs = 600_000
        }
        let admin = try harness.admin()
        let held = try (0..<4).map { index in
            let client = try LineClient(port: harness.port, source: "127.0.0.\(2 + index)")
            #expect(try client.readLine().hasPrefix("* HELLO"))
            return client
        }
        let refused = try LineClient(port: harness.port, source: "127.0.0.9")
        #expect(try refused.readLine().hasPrefix("* HELLO"))
        #expect(
            try refused.readLine() == "ERR TOO_MANY_CONNECTIONS limit of 4 connections not yet authenticated reached")
        #expect(try admin.call("STATS").field("connections") == "5", "the authenticated one is still served")
        #expect(held.count == 4)
        await harness.stop()
    }

    @Test("a reused ref returns the original receipt even when the other arguments would be refused")
    func reusedRefWithRefusedArguments() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let original = try acme.call("BID 1 20000 ref=r1")
        #expect(original.field("kind") == "bid")
        #expect(try acme.call("BID 11 -5 ref=r1") == original)
        #expect(try acme.call("BID @nobody 1x ref=r1") == original)
        #expect(try acme.call("BID 11 -5 ref=r2").hasPrefix("ERR BAD_AMOUNT"), "an unused ref: the refusal stands")
        #expect(try acme.call("BID 11 -5").hasPrefix("ERR BAD_AMOUNT"))
        await harness.stop()
    }

    @Test("a round id of any length that no round has is NOT_FOUND; amounts quote a wide character whole")
    func smallSpecPoints() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        #expect(try acme.call("ROUND 9999999999999999999").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("ROUND 99999999999999999999999999999999").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("ROUND 999999999999999999").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("BID 1 １２０００").hasPrefix("ERR BAD_AMOUNT amount contains '１'"))
        await harness.stop()
    }
}
