import Foundation
import GavelTestSupport
import Testing

@Suite("gaveld --metrics: the real executable serves GET /metrics", .serialized)
struct GaveldMetricsTests {
    @Test("gaveld bootstraps its registry once, counts a BID, and shows the replayed ledger head after a restart")
    func metricsFlag() async throws {
        let database = try await TestDatabase.make(label: "e2e_gaveld_metrics")
        let dataDirectory = NSTemporaryDirectory() + "gavel-metrics-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let port = GaveldProcess.freePort()
        let metricsPort = GaveldProcess.freePort()
        let start = {
            try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
                adminToken: ServerHarness.adminToken, arguments: ["--metrics", "127.0.0.1:\(metricsPort)"])
        }
        var server = try await start()
        let admin = try LineClient(port: port)
        _ = try admin.readLine()
        _ = try admin.call("AUTH \(ServerHarness.adminToken)")
        let token = try #require(try admin.call("BIDDER ADD acme verified=yes").field("token"))
        #expect(try admin.call("OPEN @acme reserve=10000 duration=1h").hasPrefix("OK round=1"))
        let bidder = try LineClient(port: port)
        _ = try bidder.readLine()
        _ = try bidder.call("AUTH \(token)")
        #expect(try bidder.call("BID @acme 20000").hasPrefix("OK v=1"))

        let scrape = try MetricsScrape(port: metricsPort)
        #expect(scrape.statusLine == "HTTP/1.1 200 OK")
        #expect(scrape[#"gavel_commands_total{command="BID",code="ok"}"#] == 1)
        #expect(scrape["gavel_ledger_head_seq"] == 3)
        #expect(scrape["gavel_ledger_commit_batch_records_sum"] == 3)
        #expect(scrape["gavel_connections"] == 2)
        server.terminate()

        server = try await start()
        let restarted = try MetricsScrape(port: metricsPort)
        #expect(restarted["gavel_ledger_head_seq"] == 3, "the head comes from the replayed ledger")
        #expect(restarted[#"gavel_commands_total{command="BID",code="ok"}"#] == nil, "counters start at zero")
        #expect(restarted["gavel_rounds_open"] == 1)
        server.terminate()
    }
}
