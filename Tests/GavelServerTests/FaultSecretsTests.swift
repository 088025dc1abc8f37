import Foundation
import GavelCrypto
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("secrets at rest and in the log", .serialized)
struct FaultSecretsTests {
    /// Amounts no other figure in a log would spell, in dollars and in cents.
    static let amounts = ["12345.67", "23456.78", "34567.89", "45678.91", "56789.12"]

    @Test("tokens are stored only as hashes: not in the ledger table, nor in any data-directory file but admin.token")
    func tokensAtRest() async throws {
        let dataDirectory = NSTemporaryDirectory() + "gavel-secrets-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        // The embedded PostgreSQL keeps the whole ledger, WAL included, inside the data directory.
        let server = try await GaveldProcess.start(
            databaseURL: nil, dataDirectory: dataDirectory, port: GaveldProcess.freePort(), adminToken: nil)
        defer { server.terminate() }
        let adminToken = try String(contentsOfFile: dataDirectory + "/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let (tokens, _) = try Self.bid(port: server.port, adminToken: adminToken)
        let connection = try PostgresConnection(
            connectionString: EmbeddedPostgres(directory: dataDirectory + "/postgres").connectionString)
        let table = try connection.query("SELECT t::text FROM gavel_ledger t")
        let rows = (0..<table.rowCount).compactMap { table.string(row: $0, column: 0) }.joined(separator: "\n")
        for token in tokens + [adminToken] {
            #expect(!rows.contains(token), "no token in gavel_ledger")
        }
        let hashes = tokens.map { SHA256.hexDigest(Array($0.utf8)) }
        #expect(hashes.allSatisfy { rows.contains($0) }, "the table holds each token's hash")
        server.terminate()

        #expect(try Self.filesContaining(tokens + [adminToken], in: dataDirectory).isEmpty)
        #expect(!(try Self.filesContaining([hashes[0]], in: dataDirectory)).isEmpty, "the scan reads the WAL")
    }

    @Test("at trace level the log shows no bid amount, token or private key before the round closes")
    func logStaysSealed() async throws {
        try await TestDatabase.with(label: "fault_secret_log") { database in
            let dataDirectory = NSTemporaryDirectory() + "gavel-log-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
            let logFile = dataDirectory + "-log"
            defer { try? FileManager.default.removeItem(atPath: logFile) }
            let server = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: dataDirectory, port: GaveldProcess.freePort(),
                adminToken: ServerHarness.adminToken, environment: ["GAVEL_LOG_LEVEL": "trace"], logFile: logFile)
            defer { server.terminate() }
            let (tokens, admin) = try Self.bid(port: server.port, adminToken: ServerHarness.adminToken)
            let log = server.log
            #expect(log.contains("authenticated as"), "the log file captures the server's log")
            for amount in Self.amounts {
                #expect(!log.contains(amount), "\(amount) is not in the log before close")
                #expect(!log.contains(amount.replacing(".", with: "")), "\(amount) in cents is not in the log")
            }
            for token in tokens + [ServerHarness.adminToken] {
                #expect(!log.contains(token), "no token in the log")
            }
            let pem = try String(contentsOfFile: dataDirectory + "/receipt-key.pem", encoding: .utf8)
            #expect(!log.contains("PRIVATE KEY"))
            for line in pem.split(separator: "\n") where !line.hasPrefix("-----") {
                #expect(!log.contains(line), "the receipt key is not in the log")
            }
            #expect(try admin.call("CLOSE 1").field("price") == "56789.12")
            // The log line is written before the reply, but reaches the file on gaveld's own time.
            let logged = server.waitForLog(containing: "price=56789.12", timeoutSeconds: 10)
            #expect(logged, "after close the result may be logged")
        }
    }

    /// Adds a bidder per amount, opens a round, and has each bid its amount (the last twice, replacing, and
    /// one withdrawing and bidding again); returns the bidders' tokens and the admin connection.
    private static func bid(port: Int, adminToken: String) throws -> ([String], LineClient) {
        let admin = try LineClient(port: port)
        _ = try admin.readLine()
        _ = try admin.call("AUTH \(adminToken)")
        _ = try admin.call("OPEN @sealed reserve=10000 duration=1h")
        var tokens: [String] = []
        for (index, amount) in amounts.enumerated() {
            let token = try admin.call("BIDDER ADD s\(index) verified=yes").field("token")!
            tokens.append(token)
            let bidder = try LineClient(port: port)
            _ = try bidder.readLine()
            _ = try bidder.call("AUTH \(token)")
            #expect(try bidder.call("BID 1 \(amount) ref=s\(index)").hasPrefix("OK"))
            if index == 0 {
                _ = try bidder.call("WITHDRAW 1")
                _ = try bidder.call("BID @sealed \(amount) ref=again")
            }
            _ = try bidder.listing("MYBIDS 1")
            _ = try bidder.call("ROUND 1")
        }
        _ = try admin.call("BIDS 1")
        _ = try admin.call("STATS")
        return (tokens, admin)
    }

    /// The files under `directory`, admin.token aside, that hold any of `needles` (grep reads binary files too).
    private static func filesContaining(_ needles: [String], in directory: String) throws -> [String] {
        let grep = Process()
        grep.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        grep.arguments =
            ["grep", "-r", "-l", "-a", "-F", "--exclude=admin.token"] + needles.flatMap { ["-e", $0] } + [directory]
        let output = Pipe()
        grep.standardOutput = output
        try grep.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        grep.waitUntilExit()
        #expect(grep.terminationStatus <= 1, "grep ran")
        return text.split(separator: "\n").map(String.init)
    }
}
