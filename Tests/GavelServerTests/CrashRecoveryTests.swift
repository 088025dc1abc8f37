import Foundation
import GavelTestSupport
import Synchronization
import Testing

/// What one bidding client saw before the server died: receipts by ref, refs that got ERR, and the
/// ref it sent last without an answer.
private struct BidderLog: Sendable {
    var receipts: [String: String] = [:]
    var refused: [String: String] = [:]
    var unanswered: String?
}

private final class BidderLogs: Sendable {
    let logs = Mutex([BidderLog](repeating: BidderLog(), count: 20))
}

@Suite("kill -9 under load", .serialized)
struct CrashRecoveryTests {
    @Test(
        "after kill -9 with 20 clients bidding: every receipt is in the ledger, no ERR'd bid is, a retried ref makes one entry"
    )
    func killNine() async throws {
        let database = try await TestDatabase.make(label: "e2e_crash")
        let dataDirectory = NSTemporaryDirectory() + "gavel-crash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let port = GaveldProcess.freePort()
        var server = try GaveldProcess(
            databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
            adminToken: ServerHarness.adminToken)
        let admin = try LineClient(port: port)
        _ = try admin.readLine()
        _ = try admin.call("AUTH \(ServerHarness.adminToken)")
        _ = try admin.call("OPEN @crash reserve=10000 duration=1h")
        let tokens = try (0..<20).map { try admin.call("BIDDER ADD c\($0) verified=yes").field("token")! }
        let logs = BidderLogs()
        let threads = tokens.enumerated().map { index, token in
            Thread { Self.bidUntilCut(index: index, token: token, port: port, logs: logs) }
        }
        for thread in threads { thread.start() }
        try await Task.sleep(for: .milliseconds(1500))
        server.killHard()
        while threads.contains(where: { !$0.isFinished }) { try await Task.sleep(for: .milliseconds(50)) }

        server = try GaveldProcess(
            databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
            adminToken: ServerHarness.adminToken)
        defer { server.terminate() }
        let auditor = try LineClient(port: port)
        _ = try auditor.readLine()
        _ = try auditor.call("AUTH \(ServerHarness.adminToken)")
        let seen = logs.logs.withLock { $0 }
        #expect(seen.reduce(0) { $0 + $1.receipts.count } > 20, "the clients got receipts before the kill")
        let connection = try database.connect()
        for (index, log) in seen.enumerated() {
            for ref in log.refused.keys {
                let rows = try connection.query(
                    "SELECT count(*) FROM gavel_bids WHERE bidder = $1 AND line LIKE $2",
                    parameters: ["c\(index)", "% ref=\(ref) %"])
                #expect(rows.string(row: 0, column: 0) == "0", "a bid that got ERR is not in the ledger")
            }
            guard let ref = log.unanswered else { continue }
            let retry = try LineClient(port: port)
            _ = try retry.readLine()
            _ = try retry.call("AUTH \(tokens[index])")
            let answer = try retry.call("BID 1 99999 ref=\(ref)")
            #expect(answer.field("ref") == ref)
            let rows = try connection.query(
                "SELECT count(*) FROM gavel_bids WHERE bidder = $1 AND line LIKE $2",
                parameters: ["c\(index)", "% ref=\(ref) %"])
            #expect(rows.string(row: 0, column: 0) == "1", "a retried ref never makes a second entry")
        }
        // Bids stay sealed from auctioneers until the round closes.
        #expect(try auditor.call("CLOSE 1").field("result") == "sold")
        for log in seen {
            for receipt in log.receipts.values {
                #expect(try auditor.call("RECEIPT \(receipt.field("seq")!)") == receipt)
            }
        }
        #expect(try auditor.call("LEDGER VERIFY").hasPrefix("OK entries="))
        try await database.drop()
    }

    private static func bidUntilCut(index: Int, token: String, port: Int, logs shared: BidderLogs) {
        guard let client = try? LineClient(port: port), (try? client.readLine()) != nil,
            (try? client.call("AUTH \(token)"))?.hasPrefix("OK") == true
        else { return }
        for attempt in 0..<100_000 {
            let ref = "c\(index)-\(attempt)"
            shared.logs.withLock { $0[index].unanswered = ref }
            guard let reply = try? client.call("BID 1 \(10_000 + attempt) ref=\(ref)") else { return }
            shared.logs.withLock { logs in
                logs[index].unanswered = nil
                if reply.hasPrefix("OK") {
                    logs[index].receipts[ref] = reply
                } else {
                    logs[index].refused[ref] = reply
                }
            }
        }
    }
}
