import Foundation
import GavelTestSupport
import Testing

@Suite("a ledger tampered with in PostgreSQL", .serialized)
struct FaultBrokenLedgerTests {
    @Test(
        """
        verify-ledger names the changed seq; serve refuses the broken chain in one line; with \
        --allow-broken-ledger it serves reads of the sound prefix and records nothing
        """
    )
    func tamperedAmount() async throws {
        try await TestDatabase.with(label: "fault_tamper") { database in
            let dataDirectory = NSTemporaryDirectory() + "gavel-tamper-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
            let port = GaveldProcess.freePort()
            let server = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
                adminToken: ServerHarness.adminToken)
            let admin = try Self.connect(port: port, token: ServerHarness.adminToken)
            let acmeToken = try admin.call("BIDDER ADD acme verified=yes").field("token")!
            let zetaToken = try admin.call("BIDDER ADD zeta verified=yes").field("token")!
            _ = try admin.call("OPEN @tamper reserve=10000 duration=1h")
            let acme = try Self.connect(port: port, token: acmeToken)
            let tampered = try acme.call("BID 1 15000.00 ref=a1")
            let later = try Self.connect(port: port, token: zetaToken).call("BID 1 16000.00 ref=z1")
            let open = try admin.call("ROUND 1")
            server.terminate()
            let seq = tampered.field("seq")!
            try database.tamperWithLine(ofSeq: seq, replacing: "amount=15000.00", with: "amount=9000.00")
            let connection = try database.connect()
            let entries = try connection.query("SELECT count(*) FROM gavel_ledger").string(row: 0, column: 0)

            let verified = try await GaveldProcess.run(
                ["verify-ledger", "--database", database.connectionString], databaseURL: nil)
            #expect(verified.status == 1)
            #expect(verified.stdout.contains("ledger broken at seq=\(seq)"), "\(verified.stdout)")

            let refused = try await GaveldProcess.run(
                ["serve", "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(port)"],
                databaseURL: database.connectionString, adminToken: ServerHarness.adminToken,
                environment: ["GAVEL_LOG_LEVEL": "info"])
            FaultStartupErrorTests.expectOneLineFailure(refused, cause: "seq=\(seq)")
            #expect(refused.stderr.contains("ledger broken"))

            let logFile = dataDirectory + "-log"
            defer { try? FileManager.default.removeItem(atPath: logFile) }
            let readOnly = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
                adminToken: ServerHarness.adminToken, arguments: ["--allow-broken-ledger"], logFile: logFile)
            defer { readOnly.terminate() }
            let auditor = try Self.connect(port: port, token: ServerHarness.adminToken)
            let broken = "ERR INTERNAL ledger broken at seq=\(seq)"
            let round = try auditor.call("ROUND 1")
            #expect(round == open, "reads answer from the sound prefix")
            #expect(try auditor.call("LEDGER VERIFY") == broken)
            let bidder = try Self.connect(port: port, token: acmeToken)
            let refusedBid = try bidder.call("BID 1 20000 ref=a2")
            #expect(refusedBid.hasPrefix(broken))
            #expect(try bidder.call("BID 1 15000.00 ref=a1").hasPrefix("ERR"), "the tampered receipt is not served")
            let refusedClose = try auditor.call("CLOSE 1")
            #expect(refusedClose.hasPrefix(broken))
            #expect(try auditor.call("OPEN @other reserve=10000 duration=1h").hasPrefix(broken))
            #expect(try auditor.call("BIDDER ADD newcomer").hasPrefix(broken))
            #expect(try connection.query("SELECT count(*) FROM gavel_ledger").string(row: 0, column: 0) == entries)
            #expect(readOnly.log.contains("LEDGER BROKEN at seq=\(seq)"))
            #expect(later.hasPrefix("OK"))
        }
    }

    private static func connect(port: Int, token: String) throws -> LineClient {
        let client = try LineClient(port: port)
        _ = try client.readLine()
        _ = try client.call("AUTH \(token)")
        return client
    }
}
