import GavelLoad
import Testing

@Suite("gavel-load's core against an in-process server")
struct LoadGeneratorTests {
    @Test("a 2 s closed-loop run with 4 connections: no unexpected error, every receipt found")
    func closedLoop() async throws {
        let server = try await InProcessServer.start()
        var options = try Self.options(port: server.port)
        options.connections = 4
        options.bidders = 8
        options.rounds = 3
        options.durationSeconds = 2
        options.pipelineDepth = 4
        let report = try await LoadGenerator.run(options)
        await server.stop()
        #expect(report.isClean, "\(report.text)")
        #expect(report.unexpectedErrors.isEmpty)
        #expect(report.replies == report.sent)
        #expect(report.audit.receipts > 100)
        #expect(report.audit.found == report.audit.receipts)
        #expect(report.audit.signaturesVerified > 0)
        #expect(report.bids.retries > 0 && report.bids.retryMismatches == 0)
        #expect(report.bids.replacements > 0)
        #expect(report.latency.p50Ms > 0 && report.latency.p50Ms <= report.latency.maxMs)
    }

    @Test("a burst: rounds close during the run, and ROUND_CLOSED after a close is expected, not a failure")
    func burst() async throws {
        let server = try await InProcessServer.start()
        var options = try Self.options(port: server.port)
        // Enough bids in flight at each close that some meet a closed round even on a loaded machine.
        options.connections = 8
        options.pipelineDepth = 8
        options.rounds = 2
        options.durationSeconds = 2
        options.burst = true
        let report = try await LoadGenerator.run(options)
        await server.stop()
        #expect(report.isClean, "\(report.text)")
        #expect(report.roundClosedAfterClose > 0)
        #expect(report.audit.roundsClosed == 0)
    }

    @Test("an open-loop run sends at the rate asked, measured from the intended send times")
    func openLoop() async throws {
        let server = try await InProcessServer.start()
        var options = try Self.options(port: server.port)
        options.connections = 2
        options.durationSeconds = 1
        options.ratePerSecond = 500
        let report = try await LoadGenerator.run(options)
        await server.stop()
        #expect(report.isClean, "\(report.text)")
        // Every intended send time of the schedule is accounted for: sent, or (a wake-up late at the very end)
        // reported as not sent. How many were late depends on the machine, so it is not a test's business.
        #expect((480...500).contains(report.sent + report.intendedNotSent))
        #expect(report.sent > 0)
    }

    @Test("--requests bounds the run before its duration")
    func requestBudget() async throws {
        let server = try await InProcessServer.start()
        var options = try Self.options(port: server.port)
        options.connections = 3
        options.durationSeconds = 30
        options.maxRequests = 300
        let report = try await LoadGenerator.run(options)
        await server.stop()
        // Three connections would send far more than 300 in 30 s: exactly 300 means the budget stopped the run.
        #expect(report.sent == 300)
        #expect(report.isClean, "\(report.text)")
    }

    @Test("a wrong admin token stops the run before any load")
    func wrongToken() async throws {
        let server = try await InProcessServer.start()
        let options = LoadOptions(address: try LoopbackAddress(host: "127.0.0.1", port: server.port), adminToken: "no")
        await #expect(throws: LoadError.self) { try await LoadGenerator.run(options) }
        await server.stop()
    }

    @Test(
        "only loopback hosts are accepted",
        arguments: [
            ("127.0.0.1:7070", true), ("127.200.3.4:1", true), ("localhost:7070", true), ("[::1]:7070", true),
            ("10.0.0.1:7070", false), ("example.com:7070", false), ("[::2]:7070", false), ("0.0.0.0:7070", false),
            ("128.0.0.1:7070", false), ("::1:7070", false), ("127.0.0.1", false), ("127.0.0.1:0", false),
        ])
    func loopback(address: String, accepted: Bool) {
        #expect(((try? LoopbackAddress(parsing: address)) != nil) == accepted)
    }

    static func options(port: Int) throws -> LoadOptions {
        var options = LoadOptions(
            address: try LoopbackAddress(host: "127.0.0.1", port: port), adminToken: InProcessServer.adminToken)
        options.bidders = 4
        return options
    }
}
