import Foundation
import GavelEntry
import GavelServer
import GavelServerConfiguration
import Prometheus
import Testing

@Suite("GET /metrics over TCP against PostgreSQL", .serialized)
struct MetricsEndpointTests {
    @Test("a scrape shows connections, commands, BID latency, group commits, their signing and the ledger head")
    func scrapeAfterBids() async throws {
        let metrics = ServerMetrics(registry: PrometheusCollectorRegistry())
        let harness = try await ServerHarness.start(label: "metrics_scrape", metrics: metrics) {
            $0.metricsListen = ListenAddress(host: "127.0.0.1", port: 0)
        }
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        let globex = try harness.bidder("globex", via: admin)
        #expect(try admin.call("OPEN @acme reserve=10000 duration=1h").hasPrefix("OK round=1"))
        #expect(try acme.call("BID @acme 20000").hasPrefix("OK v=1"))
        #expect(try globex.call("BID @acme 25000").hasPrefix("OK v=1"))
        #expect(try acme.call("BID @acme 30000").hasPrefix("OK v=1"))
        #expect(try globex.call("BID @acme 100").hasPrefix("ERR BELOW_RESERVE"))
        #expect(try admin.call("FROB").hasPrefix("ERR UNKNOWN_COMMAND"))
        // Two BIDDER ADD, one OPEN and three bids are in the ledger.
        let entries = 6.0

        let scrape = try MetricsScrape(port: try #require(harness.server.metricsPort))
        #expect(scrape.statusLine == "HTTP/1.1 200 OK")
        #expect(scrape.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(scrape["gavel_connections"] == 3)
        #expect(scrape[#"gavel_commands_total{command="BID",code="ok"}"#] == 3)
        #expect(scrape[#"gavel_commands_total{command="BID",code="BELOW_RESERVE"}"#] == 1)
        #expect(scrape[#"gavel_commands_total{command="AUTH",code="ok"}"#] == 3)
        #expect(scrape[#"gavel_commands_total{command="-",code="UNKNOWN_COMMAND"}"#] == 1)
        #expect(scrape["gavel_bid_latency_seconds_count"] == 4)
        #expect(scrape[#"gavel_bid_latency_seconds_bucket{le="+Inf"}"#] == 4)
        #expect(scrape["gavel_ledger_head_seq"] == entries)
        #expect(scrape["gavel_ledger_commit_batch_records_sum"] == entries, "every entry was in one commit")
        let batches = try #require(scrape["gavel_ledger_commit_batch_records_count"])
        #expect(batches >= 1 && batches <= entries)
        #expect(scrape["gavel_ledger_commit_latency_seconds_count"] == batches)
        #expect(scrape["gavel_receipt_trees_signed_total"] == batches, "one signature per commit of up to 1,024")
        let signingSeconds = try #require(scrape["gavel_receipt_signing_cpu_seconds_total"])
        #expect(signingSeconds > 0 && signingSeconds < 10)
        #expect(scrape["gavel_rounds_open"] == 1)
        let nextClose = try #require(scrape["gavel_next_close_seconds"])
        #expect(nextClose > 0 && nextClose <= 3600)

        // STATS shows the same figures; it counts the 11 commands answered before it.
        let stats = try admin.call("STATS")
        #expect(stats.hasPrefix("OK connections=3 rounds_open=1 bids=3 ledger_seq=6 commands=11 "))
        #expect(stats.field("commit_batches") == String(Int(batches)))
        let nextCloseMs = try #require(stats.field("next_close_ms").flatMap { Int64($0) })
        #expect(nextCloseMs > 0 && nextCloseMs <= 3_600_000)

        acme.shutdownWrite()
        #expect(acme.isClosedByServer())
        await harness.stop()
        #expect(harness.server.metricsPort == nil, "shutdown closes the metrics listener")
    }

    @Test("connections beyond the metrics listener's limit are closed at once; the others still scrape")
    func connectionLimit() async throws {
        let harness = try await ServerHarness.start(
            ledger: InMemoryLedger(), metrics: ServerMetrics(registry: PrometheusCollectorRegistry())
        ) {
            $0.metricsListen = ListenAddress(host: "127.0.0.1", port: 0)
        }
        let port = try #require(harness.server.metricsPort)
        let held = try (0..<32).map { _ in try LineClient(port: port) }
        let refused = try LineClient(port: port)
        #expect(refused.isClosedByServer())
        try held[0].send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try held[0].readLine() == "HTTP/1.1 200 OK\r")
        await harness.stop()
    }

    @Test("without metricsListen no metrics port is opened")
    func offByDefault() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        #expect(harness.server.metricsPort == nil)
        await harness.stop()
    }
}
