import GavelCore
import NIOCore
import NIOEmbedded
import Testing

@testable import GavelServer

/// The session handler on embedded channels with a fake clock: timeouts, turns and back-pressure are
/// checked by moving time and counting lines, never by waiting.
@Suite("Session handler")
struct SessionHandlerTests {
    @Test("a connection that does not authenticate within auth_timeout gets BYE reason=auth_timeout")
    func authTimeout() throws {
        let fixture = try SessionFixture { $0.authTimeoutMs = 300 }
        let channel = try fixture.connect()
        fixture.advance(byMs: 299)
        #expect(try fixture.lines(channel).isEmpty)
        #expect(channel.isActive)
        fixture.advance(byMs: 1)
        #expect(try fixture.lines(channel) == ["* BYE reason=auth_timeout"])
        #expect(!channel.isActive)
    }

    @Test("an authenticated connection outlives auth_timeout")
    func authenticatedOutlivesAuthTimeout() throws {
        let fixture = try SessionFixture { $0.authTimeoutMs = 300 }
        let channel = try fixture.connect()
        try fixture.send("AUTH \(SessionFixture.adminToken)\n", to: channel)
        #expect(try fixture.lines(channel) == ["OK bidder=admin role=auctioneer"])
        fixture.advance(byMs: 10_000)
        #expect(channel.isActive)
        try fixture.send("PING\n", to: channel)
        #expect(try fixture.lines(channel) == ["OK pong"])
    }

    @Test("a silent connection gets BYE reason=idle after idle_timeout")
    func idle() throws {
        let fixture = try SessionFixture {
            $0.idleTimeoutMs = 500
        }
        let channel = try fixture.connect()
        fixture.advance(byMs: 300)
        try fixture.send("PING\n", to: channel)
        #expect(try fixture.lines(channel) == ["OK pong"])
        fixture.advance(byMs: 499)
        #expect(channel.isActive, "idle counts from the last input")
        fixture.advance(byMs: 1)
        #expect(try fixture.lines(channel) == ["* BYE reason=idle"])
        #expect(!channel.isActive)
    }

    @Test("a line dripping in a byte at a time ends with BYE reason=line_timeout at its deadline")
    func lineTimeout() throws {
        let fixture = try SessionFixture {
            $0.lineTimeoutMs = 400
            $0.idleTimeoutMs = 1_000
        }
        let channel = try fixture.connect()
        for _ in 0..<39 {
            try fixture.send("x", to: channel)
            fixture.advance(byMs: 10)
        }
        #expect(channel.isActive, "the bytes keep coming, the line is 390 ms old")
        fixture.advance(byMs: 10)
        #expect(try fixture.lines(channel) == ["* BYE reason=line_timeout"])
        #expect(!channel.isActive)
    }

    @Test("a line finished in time is no timeout; the next one gets its own deadline")
    func lineFinishedInTime() throws {
        let fixture = try SessionFixture {
            $0.lineTimeoutMs = 400
        }
        let channel = try fixture.connect()
        try fixture.send("PI", to: channel)
        fixture.advance(byMs: 300)
        try fixture.send("NG\nPI", to: channel)
        fixture.advance(byMs: 300)
        #expect(try fixture.lines(channel) == ["OK pong"])
        #expect(channel.isActive, "the second line began 300 ms ago")
        fixture.advance(byMs: 100)
        #expect(try fixture.lines(channel) == ["* BYE reason=line_timeout"])
    }

    @Test("a client that leaves its replies unread is not served while over the limit, then closed")
    func slowReader() throws {
        let fixture = try SessionFixture {
            $0.slowReaderTimeoutMs = 1_000
        }
        let channel = try fixture.connect()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        try fixture.send("PING\nPING\n", to: channel)
        #expect(try fixture.lines(channel).isEmpty, "no line is decoded while replies back up")
        fixture.advance(byMs: 999)
        #expect(channel.isActive)
        fixture.advance(byMs: 1)
        #expect(!channel.isActive)
        #expect(fixture.context.backPressure.slowReadersClosed == 1)
    }

    @Test("a reader that catches up is served the lines that waited, and is not closed")
    func readerCatchesUp() throws {
        let fixture = try SessionFixture {
            $0.slowReaderTimeoutMs = 1_000
        }
        let channel = try fixture.connect()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        try fixture.send("PING\nPING\n", to: channel)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(fixture.turns.waitingCount == 1)
        fixture.turns.runRound()
        #expect(try fixture.lines(channel) == ["OK pong", "OK pong"])
        fixture.advance(byMs: 5_000)
        #expect(channel.isActive)
    }

    @Test("a victim's line is served after at most fair_batch lines of a connection pipelining 10,000")
    func fairTurns() throws {
        let fixture = try SessionFixture {
            $0.fairBatch = 64
            $0.maxPipelinedCommands = 100_000
            $0.maxCommandsPerSecond = 1_000_000
        }
        let flooder = try fixture.connect()
        let victim = try fixture.connect()
        try fixture.send(String(repeating: "HELP\n", count: 10_000), to: flooder)
        var flooderReplies = try fixture.lines(flooder).filter { $0.hasPrefix("OK") }.count
        #expect(flooderReplies == 64, "one turn of the flood")
        try fixture.send("PING\n", to: victim)
        #expect(try fixture.lines(victim) == ["OK pong"], "served at once, before the flood's next turn")
        var rounds = 0
        while fixture.turns.waitingCount > 0, rounds < 1_000 {
            fixture.turns.runRound()
            rounds += 1
            let served = try fixture.lines(flooder).filter { $0.hasPrefix("OK") }.count
            #expect(served <= 64, "never more than fair_batch lines a turn")
            flooderReplies += served
            try fixture.send("PING\n", to: victim)
            #expect(try fixture.lines(victim) == ["OK pong"])
        }
        #expect(flooderReplies == 10_000)
        #expect(rounds == 10_000 / 64)
    }

    @Test("rate-limited lines are refused with the same reply, and no help text is rendered for them")
    func rateLimitedFlood() throws {
        let fixture = try SessionFixture {
            $0.maxCommandsPerSecond = 5
        }
        let channel = try fixture.connect()
        try fixture.send(String(repeating: "PING\n", count: 8), to: channel)
        let replies = try fixture.lines(channel)
        #expect(replies.prefix(5).allSatisfy { $0 == "OK pong" })
        #expect(replies.suffix(3).allSatisfy { $0 == "ERR RATE_LIMITED more than 5 commands per second; try later" })
        fixture.advance(byMs: 1_000)
        try fixture.send("PING\n", to: channel)
        #expect(try fixture.lines(channel) == ["OK pong"], "the bucket refills with the loop's clock")
    }

    @Test("three failed AUTHs are answered at once, later ones after a growing delay, the tenth ends the connection")
    func authFailureDelays() throws {
        let fixture = try SessionFixture()
        let first = try fixture.connect()
        for _ in 0..<AuthFailureTracker.failuresBeforeDelay {
            try fixture.send("AUTH wrong\n", to: first)
            let lines = try fixture.lines(first)
            #expect(lines.count == 1 && lines[0].hasPrefix("ERR AUTH_FAILED"), "\(lines)")
        }
        // Failures count by address: those on another connection from it wait longer still.
        let second = try fixture.connect()
        for failure in (AuthFailureTracker.failuresBeforeDelay + 1)..<AuthFailureTracker.failuresBeforeDisconnect {
            let channel = failure == AuthFailureTracker.failuresBeforeDelay + 1 ? first : second
            try fixture.send("AUTH wrong\n", to: channel)
            let delayMs = Int64(failure - AuthFailureTracker.failuresBeforeDelay) * AuthFailureTracker.delayStepMs
            fixture.advance(byMs: delayMs - 1)
            #expect(try fixture.lines(channel).isEmpty, "failure \(failure) is not answered before its delay")
            fixture.advance(byMs: 1)
            let lines = try fixture.lines(channel)
            #expect(lines.count == 1 && lines[0].hasPrefix("ERR AUTH_FAILED"), "failure \(failure): \(lines)")
        }
        try fixture.send("AUTH wrong\n", to: second)
        let last = try fixture.lines(second)
        #expect(last.first?.hasPrefix("ERR AUTH_FAILED") == true)
        #expect(last.dropFirst() == ["* BYE reason=auth_failures"])
        #expect(!second.isActive)
    }

    @Test("AUTHs sent at once on many connections from one address get no more token checks than the lock-out allows")
    func concurrentAuthFailures() throws {
        let fixture = try SessionFixture()
        let attempts = 2 * AuthFailureTracker.failuresBeforeDisconnect
        let channels = try (0..<attempts).map { _ in try fixture.connect() }
        // Every AUTH is read before the loop runs any lookup: all of them are in flight at once.
        for channel in channels { try channel.writeInbound(channel.allocator.buffer(string: "AUTH wrong\n")) }
        fixture.loop.run()
        fixture.advance(byMs: AuthFailureTracker.windowMs / 2)
        let firstLines = try channels.map { try fixture.lines($0).first ?? "" }
        #expect(
            firstLines.filter { $0.hasPrefix("ERR AUTH_FAILED") }.count == AuthFailureTracker.failuresBeforeDisconnect)
        #expect(
            firstLines.filter { $0.hasPrefix("ERR RATE_LIMITED") }.count == attempts
                - AuthFailureTracker.failuresBeforeDisconnect)
    }

    @Test("AUTHs from a locked-out address, the right token among them, get RATE_LIMITED, BYE and the close")
    func lockedOut() throws {
        let fixture = try SessionFixture()
        for _ in 0..<AuthFailureTracker.failuresBeforeDisconnect {
            _ = fixture.authFailures.recordFailure(from: "127.0.0.1", at: fixture.clock.now())
        }
        for token in ["wrong", SessionFixture.adminToken] {
            let channel = try fixture.connect()
            try fixture.send("AUTH \(token)\nPING\n", to: channel)
            let lines = try fixture.lines(channel)
            #expect(lines.first?.hasPrefix("ERR RATE_LIMITED") == true)
            #expect(lines.dropFirst() == ["* BYE reason=auth_failures"])
            #expect(!channel.isActive)
        }
        fixture.clock.nowMs += AuthFailureTracker.windowMs
        let later = try fixture.connect()
        try fixture.send("AUTH \(SessionFixture.adminToken)\n", to: later)
        #expect(try fixture.lines(later) == ["OK bidder=admin role=auctioneer"], "the lock ends with the window")
    }

    @Test("the client's end of input closes the connection after every reply")
    func halfClose() throws {
        let fixture = try SessionFixture()
        let channel = try fixture.connect()
        try fixture.send("AUTH \(SessionFixture.adminToken)\nPING\n", to: channel)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(channel.isActive, "PING waits for its turn")
        fixture.turns.runRound()
        #expect(try fixture.lines(channel) == ["OK bidder=admin role=auctioneer", "OK pong"])
        #expect(!channel.isActive)
    }
}
