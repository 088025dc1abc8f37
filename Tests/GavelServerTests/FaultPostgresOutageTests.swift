import Foundation
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("PostgreSQL stopped under load", .serialized)
struct FaultPostgresOutageTests {
    static let bidders = 10
    static let outageMs: UInt64 = 1000
    /// Bids sent during the outage on fresh connections, until one is refused.
    static let outageProbes = 5
    static let probeTimeoutMs: Int32 = 2000
    /// How long the server may take to record bids again once PostgreSQL is back.
    static let recoverySeconds: TimeInterval = 60

    @Test(
        """
        pg_ctl stop -m immediate with 10 clients bidding: bids in the outage get ERR UNAVAILABLE and are absent, \
        the server records again by itself once PostgreSQL is back, and every receipt is in the ledger
        """
    )
    func immediateStop() async throws {
        try await ScratchCluster.with(label: "outage") { cluster in
            try await cluster.start()
            let databaseURL = cluster.postgres.connectionString
            let dataDirectory = NSTemporaryDirectory() + "gavel-outage-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
            let port = GaveldProcess.freePort()
            let server = try await GaveldProcess.start(
                databaseURL: databaseURL, dataDirectory: dataDirectory, port: port,
                adminToken: ServerHarness.adminToken)
            defer { server.terminate() }
            let admin = try LineClient(port: port)
            _ = try admin.readLine()
            _ = try admin.call("AUTH \(ServerHarness.adminToken)")
            _ = try admin.call("OPEN @outage reserve=10000 duration=1h")
            let tokens = try (0..<Self.bidders).map {
                try admin.call("BIDDER ADD o\($0) verified=yes").field("token")!
            }
            let crowd = BiddingCrowd(port: port, tokens: tokens, round: 1, label: "o", reconnects: true)
            crowd.start()
            try await Task.sleep(for: .milliseconds(1000))
            let beforeOutage = crowd.all.receipts.count

            try await cluster.stop(mode: .immediate)
            try await Task.sleep(for: .milliseconds(Self.outageMs))
            // The crowd's bids in flight are held while their commit is in doubt; a new bid is refused at once.
            var probes = BidOutcomes()
            var refusedInOutage = false
            for attempt in 0..<Self.outageProbes {
                let reply = Self.probe(port: port, token: tokens[0], ref: "outage-\(attempt)", into: &probes)
                refusedInOutage = reply?.hasPrefix("ERR UNAVAILABLE") == true
                if refusedInOutage { break }
            }
            try await cluster.start()
            var recovered = false
            var attempt = 0
            let deadline = Date().addingTimeInterval(Self.recoverySeconds)
            while !recovered && Date() < deadline {
                attempt += 1
                let reply = Self.probe(port: port, token: tokens[0], ref: "after-\(attempt)", into: &probes)
                recovered = reply?.hasPrefix("OK") == true
                if !recovered { try await Task.sleep(for: .milliseconds(200)) }
            }
            try await Task.sleep(for: .milliseconds(500))
            await crowd.stop()

            var seen = crowd.seen
            #expect(beforeOutage > 0, "bids were recorded before the outage")
            #expect(refusedInOutage, "a bid during the outage gets ERR UNAVAILABLE at once")
            #expect(recovered, "a bid is recorded again without restarting the server")
            seen[0].merge(probes)
            let all = seen.reduce(into: BidOutcomes()) { $0.merge($1) }
            print(
                "outage test: \(all.receipts.count) receipts, \(all.refused.count) refused,"
                    + " \(all.unanswered.count) unanswered and retried")
            for reply in seen.flatMap(\.refused.values) {
                #expect(reply.hasPrefix("ERR UNAVAILABLE"), "the only refusal is UNAVAILABLE, not \(reply)")
            }
            let audit = try LedgerAudit(
                connection: PostgresConnection(connectionString: databaseURL),
                publicKeyBase64: admin.call("PUBKEY").field("key")!)
            try audit.check(seen, tokens: tokens, round: 1, port: port)
            #expect(try admin.call("LEDGER VERIFY").hasPrefix("OK entries="))
        }
    }

    /// One bid on a connection of its own, recorded in `outcomes`; nil when no answer came within
    /// `probeTimeoutMs` (its commit is in doubt, and the audit retries its ref).
    private static func probe(port: Int, token: String, ref: String, into outcomes: inout BidOutcomes) -> String? {
        guard let client = try? LineClient(port: port, timeoutMs: probeTimeoutMs), (try? client.readLine()) != nil,
            (try? client.call("AUTH \(token)"))?.hasPrefix("OK") == true
        else { return nil }
        guard let reply = try? client.call("BID 1 10000 ref=\(ref)") else {
            outcomes.unanswered.insert(ref)
            return nil
        }
        if reply.hasPrefix("OK") {
            outcomes.receipts[ref] = reply
        } else {
            outcomes.refused[ref] = reply
        }
        return reply
    }
}
