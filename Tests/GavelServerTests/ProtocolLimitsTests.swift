import Foundation
import GavelEntry
import GavelTestSupport
import Testing

@Suite("Pipelining, connections, framing and limits", .serialized)
struct ProtocolLimitsTests {
    @Test("1,000 pipelined commands in one write get 1,000 replies in order")
    func pipelining() async throws {
        let harness = try await ServerHarness.start(label: "e2e_pipeline")
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        var batch = ""
        for index in 0..<1000 {
            batch += index % 2 == 0 ? "BID 1 \(10_000 + index).00 ref=p\(index)\n" : "PING\n"
        }
        try acme.send(batch)
        var previousSeq = 0
        for index in 0..<1000 {
            let reply = try acme.readReply().last!
            if index % 2 == 0 {
                #expect(reply.field("ref") == "p\(index)")
                let seq = Int(reply.field("seq") ?? "") ?? -1
                #expect(seq > previousSeq)
                previousSeq = seq
            } else {
                #expect(reply == "OK pong")
            }
        }
        await harness.stop()
    }

    @Test("200 concurrent connections each authenticate and bid")
    func manyConnections() async throws {
        // All 200 connect before any authenticates: more than the default budget of one address.
        let harness = try await ServerHarness.start(label: "e2e_connections") {
            $0.maxUnauthenticatedConnectionsPerIP = 200
        }
        let admin = try harness.admin()
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        var tokens: [String] = []
        for index in 0..<200 { tokens.append(try admin.call("BIDDER ADD b\(index) verified=yes").field("token")!) }
        let clients = try tokens.map { _ in try harness.client() }
        for (client, token) in zip(clients, tokens) { try client.send("AUTH \(token)\nBID 1 20000\n") }
        for client in clients {
            #expect(try client.readReply().last!.hasPrefix("OK bidder="))
            #expect(try client.readReply().last!.field("kind") == "bid")
        }
        #expect(try admin.call("STATS").field("connections") == "201")
        await harness.stop()
    }

    @Test("a line over max_line gets LINE_TOO_LONG and the connection closes; NUL and bad UTF-8 are SYNTAX")
    func framing() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) { $0.maxLineBytes = 64 }
        let client = try harness.client()
        try client.send(Array("PI".utf8) + [0] + Array("NG\n".utf8))
        #expect(try client.readReply().last!.hasPrefix("ERR SYNTAX"))
        try client.send([0xFF, 0xFE, 0x0A])
        #expect(try client.readReply().last!.hasPrefix("ERR SYNTAX"))
        #expect(try client.call("PING\r") == "OK pong")
        try client.send(String(repeating: "P", count: 65) + "\n")
        #expect(try client.readReply().last!.hasPrefix("ERR LINE_TOO_LONG"))
        #expect(client.isClosedByServer())
        await harness.stop()
    }

    @Test("connections over the limit get TOO_MANY_CONNECTIONS and the close; the others are served")
    func connectionLimits() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) { $0.maxConnections = 2 }
        let first = try harness.client()
        let second = try harness.client()
        let third = try LineClient(port: harness.port)
        #expect(try third.readLine().hasPrefix("* HELLO proto=1 "))
        #expect(try third.readLine().hasPrefix("ERR TOO_MANY_CONNECTIONS"))
        #expect(third.isClosedByServer())
        #expect(try first.call("PING") == "OK pong")
        #expect(try second.call("PING") == "OK pong")
        await harness.stop()
    }

    @Test("connections over the per-address limit get HELLO, TOO_MANY_CONNECTIONS and the close; others still connect")
    func perAddressLimit() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) {
            $0.maxConnections = 10
            $0.maxConnectionsPerIP = 2
        }
        let first = try harness.client()
        let second = try harness.client()
        let third = try LineClient(port: harness.port)
        #expect(try third.readLine().hasPrefix("* HELLO proto=1 "))
        #expect(
            try third.readLine() == "ERR TOO_MANY_CONNECTIONS limit of 2 connections from one address reached")
        #expect(third.isClosedByServer())
        let elsewhere = try LineClient(port: harness.port, source: "127.0.0.2")
        #expect(try elsewhere.readLine().hasPrefix("* HELLO proto=1 "))
        #expect(try elsewhere.call("PING") == "OK pong")
        #expect(try first.call("QUIT") == "OK bye")
        #expect(first.isClosedByServer())
        // The slot is given back when the connection closes: a new one from the same address is served.
        var replacement: LineClient?
        for _ in 0..<50 where replacement == nil {
            let candidate = try harness.client()
            if try candidate.call("PING") == "OK pong" { replacement = candidate }
        }
        #expect(replacement != nil)
        #expect(try second.call("PING") == "OK pong")
        await harness.stop()
    }

    @Test(
        "a client that pipelines without reading is not read from while its replies back up, then is closed",
        .timeLimit(.minutes(2)))
    func slowReader() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger()) {
            $0.maxOutputBufferBytes = 16_384
            $0.slowReaderTimeoutMs = 1_000
            $0.maxCommandsPerSecond = 10_000_000
            $0.authTimeoutMs = 120_000
        }
        let other = try harness.client()
        let flooding = try FloodingClient(port: harness.port)
        defer { flooding.close() }
        // Far more than the kernel's socket buffers on both sides can hold, so the sender can only finish
        // if the server keeps reading.
        let floodBytes = 512 * 1_048_576
        // An auctioneer's HELP is the largest reply a short line gets, so the replies back up quickly.
        try flooding.send("AUTH \(ServerHarness.adminToken)\n")
        let chunk = Array(String(repeating: "HELP\nPING\nROUNDS\n", count: 1_000).utf8)
        // On a thread of its own: a blocked send must not hold a task executor's thread.
        async let flood = DedicatedThread.run { flooding.flood(chunk, totalBytes: floodBytes) }
        let backPressure = harness.server.backPressure
        await backPressure.readHeld()
        #expect(backPressure.readsHeld >= 1)
        #expect(try other.call("PING") == "OK pong", "other clients are served meanwhile")
        let sent = try await flood
        #expect(sent < floodBytes, "the flood was cut off, not read to its end")
        #expect(backPressure.slowReadersClosed == 1)
        // No line is decoded once the replies waiting pass the limit: what gaveld holds stays within it.
        #expect(backPressure.largestBufferedBytesAtClose <= 16_384)
        #expect(try other.call("PING") == "OK pong")
        await harness.stop()
    }

    @Test(
        "a ledger outage gives UNAVAILABLE and records nothing; the server recovers by itself",
        .timeLimit(.minutes(1)))
    func ledgerOutage() async throws {
        let ledger = InMemoryLedger()
        let logs = LogWatch()
        let harness = try await ServerHarness.start(ledger: ledger, logs: logs)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let before = ledger.head()
        ledger.setAvailable(false)
        #expect(try acme.call("BID 1 20000 ref=x").hasPrefix("ERR UNAVAILABLE"))
        #expect(ledger.head() == before)
        ledger.setAvailable(true)
        await logs.message(containing: "state rebuilt from the ledger")
        let reply = try acme.call("BID 1 20000 ref=x")
        #expect(reply.field("seq") == String(before.seq + 1))
        #expect(try admin.call("LEDGER VERIFY").hasPrefix("OK entries=\(before.seq + 1) "))
        await harness.stop()
    }
}

@Suite("Half-closed connections")
struct HalfCloseTests {
    @Test("a client that sends its commands and shuts down its side still gets every reply")
    func repliesAfterShutdown() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let client = try harness.client()
        try client.send("AUTH \(ServerHarness.adminToken)\nSTATS\nPING\n")
        client.shutdownWrite()
        #expect(try client.readReply().last!.hasPrefix("OK bidder=admin role=auctioneer"))
        #expect(try client.readReply().last!.hasPrefix("OK connections="))
        #expect(try client.readReply().last! == "OK pong")
        #expect(client.isClosedByServer())
        await harness.stop()
    }
}

@Suite("Shutdown")
struct ShutdownTests {
    @Test("shutdown says BYE reason=shutdown to every connection after commits in flight, then closes it")
    func byeOnShutdown() async throws {
        let ledger = InMemoryLedger()
        let harness = try await ServerHarness.start(ledger: ledger)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let bid = try acme.call("BID 1 20000")
        await harness.stop()
        #expect(try acme.readLine() == "* BYE reason=shutdown")
        #expect(acme.isClosedByServer())
        #expect(try admin.readLine() == "* BYE reason=shutdown")
        #expect(ledger.head().seq == Int64(bid.field("seq")!))
    }
}
