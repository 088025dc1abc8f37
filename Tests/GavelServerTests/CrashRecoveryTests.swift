import Foundation
import GavelLoad
import GavelTestSupport
import Testing

@Suite("kill -9 under load", .serialized)
struct CrashRecoveryTests {
    static let cycles = 3
    static let bidders = 20
    static let killDelayMs: ClosedRange<UInt64> = 200...1500
    /// Longer than the longest kill delay, so the short round is still open when the server dies.
    static let shortRoundSeconds = 4

    @Test(
        """
        kill -9 at random moments, three times, with 20 clients bidding: every receipt is in the ledger, no ERR'd \
        bid is, a retried ref makes one entry, the chain verifies, and each restart closes the overdue round
        """
    )
    func killNineRepeatedly() async throws {
        let seed =
            ProcessInfo.processInfo.environment["GAVEL_FAULT_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        print("kill -9 test: seed=\(seed) (GAVEL_FAULT_SEED=\(seed) repeats these kill delays)")
        var random = SplitMix64(seed: seed)
        try await TestDatabase.with(label: "e2e_crash") { database in
            let dataDirectory = NSTemporaryDirectory() + "gavel-crash-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
            let port = GaveldProcess.freePort()
            let start = {
                try await GaveldProcess.start(
                    databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
                    adminToken: ServerHarness.adminToken)
            }
            var server = try await start()
            defer { server.terminate() }
            var admin = try Self.admin(port: port)
            _ = try admin.call("OPEN @crash reserve=10000 duration=1h")
            let tokens = try (0..<Self.bidders).map { try admin.call("BIDDER ADD c\($0) verified=yes").field("token")! }
            var seen = [BidOutcomes](repeating: BidOutcomes(), count: Self.bidders)
            let audit = try LedgerAudit(
                connection: database.connect(), publicKeyBase64: admin.call("PUBKEY").field("key")!)
            for cycle in 0..<Self.cycles {
                let short = try admin.call("OPEN @short\(cycle) reserve=10000 duration=\(Self.shortRoundSeconds)s")
                let shortRound = Int(short.field("round")!)!
                let closes = try #require(Self.date(short.field("closes")!))
                let crowd = BiddingCrowd(port: port, tokens: tokens, round: 1, label: "k\(cycle)", reconnects: false)
                crowd.start()
                let delayMs = UInt64.random(in: Self.killDelayMs, using: &random)
                print("kill -9 test: cycle \(cycle) kills gaveld after \(delayMs) ms")
                try await Task.sleep(for: .milliseconds(delayMs))
                #expect(try admin.call("ROUND \(shortRound)").field("state") == "open", "the short round is open")
                server.killHard()
                await crowd.waitUntilFinished()
                for (index, outcomes) in crowd.seen.enumerated() { seen[index].merge(outcomes) }
                while Date() <= closes { try await Task.sleep(for: .milliseconds(100)) }

                server = try await start()
                admin = try Self.admin(port: port)
                let round = try admin.call("ROUND \(shortRound)")
                #expect(round.field("state") == "closed" && round.field("result") == "unsold", "\(round)")
                #expect(try audit.closeEntries(of: shortRound) == 1, "the overdue round got its close entry")
            }
            let all = seen.reduce(into: BidOutcomes()) { $0.merge($1) }
            print(
                "kill -9 test: \(all.receipts.count) receipts, \(all.refused.count) refused,"
                    + " \(all.unanswered.count) unanswered and retried")
            #expect(all.receipts.count > Self.bidders, "the clients got receipts")
            try audit.check(seen, tokens: tokens, round: 1, port: port)
            // Bids stay sealed from auctioneers until the round closes.
            #expect(try admin.call("CLOSE 1").field("result") == "sold")
            #expect(try admin.call("LEDGER VERIFY").hasPrefix("OK entries="))
            let verified = try await GaveldProcess.run(
                ["verify-ledger", "--database", database.connectionString], databaseURL: nil)
            #expect(verified.status == 0, "gaveld verify-ledger: \(verified.stdout) \(verified.stderr)")
        }
    }

    private static func admin(port: Int) throws -> LineClient {
        let admin = try LineClient(port: port)
        _ = try admin.readLine()
        _ = try admin.call("AUTH \(ServerHarness.adminToken)")
        return admin
    }

    static func date(_ rfc3339: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: rfc3339)
    }
}
