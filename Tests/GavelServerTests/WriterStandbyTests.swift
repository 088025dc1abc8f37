import Foundation
import GavelTestSupport
import Testing

/// Invariant 10 with real processes: two gavelds on one database, one writer and one standby.
@Suite("writer and standby gaveld", .serialized, .timeLimit(.minutes(5)))
struct WriterStandbyTests {
    /// How long the standby may take to say so, and to take over once the writer is gone.
    static let waitSeconds: TimeInterval = 60

    @Test(
        """
        a second gaveld on the same database stays standby (not listening, naming the holder) until the \
        writer is killed, then takes over with the same key and the same ledger
        """
    )
    func standbyTakesOver() async throws {
        try await TestDatabase.with(label: "writer_standby") { database in
            let first = try Self.dataDirectory()
            let second = try Self.dataDirectory()
            defer {
                try? FileManager.default.removeItem(atPath: first)
                try? FileManager.default.removeItem(atPath: second)
            }
            let writerPort = GaveldProcess.freePort()
            let writer = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: first, port: writerPort,
                adminToken: ServerHarness.adminToken, environment: ["GAVEL_LOG_LEVEL": "notice"],
                logFile: first + "/gaveld.log")
            try Self.copyKeyFiles(from: first, to: second)
            let standbyPort = GaveldProcess.freePort()
            let standby = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: second, port: standbyPort,
                adminToken: ServerHarness.adminToken, environment: ["GAVEL_LOG_LEVEL": "notice"],
                logFile: second + "/gaveld.log", awaitListening: false)
            defer { standby.terminate() }

            let said = try await DedicatedThread.run {
                standby.waitForLog(containing: "standby: the writer lock is held by", timeoutSeconds: Self.waitSeconds)
            }
            #expect(said, "the standby says it is the standby: \(standby.log)")
            #expect(standby.log.contains("127.0.0.1:\(writerPort)"), "it names the holder: \(standby.log)")
            #expect((try? LineClient(port: standbyPort)) == nil, "the standby does not listen")

            let admin = try LineClient(port: writerPort)
            let writerHello = try admin.readLine()
            _ = try admin.call("AUTH \(ServerHarness.adminToken)")
            let opened = try admin.call("OPEN @standby reserve=10000 duration=1h")
            #expect(opened.hasPrefix("OK "), "\(opened)")
            let token = try #require(try admin.call("BIDDER ADD s1 verified=yes").field("token"))
            let bidder = try LineClient(port: writerPort)
            _ = try bidder.readLine()
            _ = try bidder.call("AUTH \(token)")
            let receipt = try bidder.call("BID @standby 12000 ref=before-takeover")
            #expect(receipt.hasPrefix("OK "), "\(receipt)")
            // Still standby after a recorded bid: the writer holds the lock for as long as it lives.
            #expect((try? LineClient(port: standbyPort)) == nil, "the standby still does not listen")

            writer.killHard()
            try await DedicatedThread.run { try standby.waitUntilListening() }
            let client = try LineClient(port: standbyPort)
            let standbyHello = try client.readLine()
            #expect(standbyHello == writerHello, "one receipt key: the same HELLO on both")
            _ = try client.call("AUTH \(token)")
            let again = try client.call("BID @standby 12000 ref=before-takeover")
            #expect(Self.canonical(again) == Self.canonical(receipt), "the same ref gives the same entry")
            let after = try client.call("BID @standby 13000 ref=after-takeover")
            #expect(after.hasPrefix("OK "), "the new writer records: \(after)")
            #expect(standby.log.contains("holds the writer lock"), "\(standby.log)")
        }
    }

    @Test("a standby whose receipt key is not the ledger's refuses at once, naming both keys, while the writer serves")
    func otherKeyRefuses() async throws {
        try await TestDatabase.with(label: "writer_other_key") { database in
            let first = try Self.dataDirectory()
            let second = try Self.dataDirectory()
            defer {
                try? FileManager.default.removeItem(atPath: first)
                try? FileManager.default.removeItem(atPath: second)
            }
            let writer = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: first, port: GaveldProcess.freePort(),
                adminToken: ServerHarness.adminToken)
            defer { writer.terminate() }
            let outcome = try await GaveldProcess.run(
                ["serve", "--data-dir", second, "--listen", "127.0.0.1:\(GaveldProcess.freePort())"],
                databaseURL: database.connectionString, adminToken: ServerHarness.adminToken)
            FaultStartupErrorTests.expectOneLineFailure(outcome, cause: "not taking over as the writer")
            let line = outcome.stderrLines.first { $0.contains("not taking over") } ?? ""
            #expect(line.components(separatedBy: "receipt key").count == 2, "\(line)")
            #expect(line.contains("this gaveld has"), "\(line)")
            #expect(writer.isRunning, "the writer keeps serving")
        }
    }

    @Test(
        """
        a writer whose session is cut and whose lock another session takes meanwhile steps down: one line, \
        exit status 1, no crash; once the lock is free the standby takes over
        """
    )
    func writerStepsDown() async throws {
        try await TestDatabase.with(label: "writer_steps_down") { database in
            let first = try Self.dataDirectory()
            let second = try Self.dataDirectory()
            defer {
                try? FileManager.default.removeItem(atPath: first)
                try? FileManager.default.removeItem(atPath: second)
            }
            let writerPort = GaveldProcess.freePort()
            let writer = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: first, port: writerPort,
                adminToken: ServerHarness.adminToken, logFile: first + "/gaveld.log")
            defer { writer.terminate() }
            try Self.copyKeyFiles(from: first, to: second)
            let standbyPort = GaveldProcess.freePort()
            let standby = try await GaveldProcess.start(
                databaseURL: database.connectionString, dataDirectory: second, port: standbyPort,
                adminToken: ServerHarness.adminToken, logFile: second + "/gaveld.log", awaitListening: false)
            defer { standby.terminate() }

            // Cut the writer's sessions and hold the lock from here, so that neither gaveld can take it, until
            // the writer has stepped down; meanwhile the standby must not listen.
            let (exited, standbyListened) = try await DedicatedThread.run {
                let connection = try database.connect()
                defer { connection.close() }
                let deadline = Date().addingTimeInterval(Self.waitSeconds)
                while Date() < deadline {
                    try connection.execute(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE application_name LIKE '%127.0.0.1:\(writerPort)'
                        """)
                    if try connection.query("SELECT pg_try_advisory_lock(7070, 1)").string(row: 0, column: 0) == "t" {
                        break
                    }
                    Thread.sleep(forTimeInterval: 0.01)
                }
                // The writer exits once it finds the lock taken; the suite's time limit fails a writer that does not.
                writer.waitUntilExit()
                return (writer.exit, (try? LineClient(port: standbyPort)) != nil)
            }
            #expect(exited == (normally: true, status: 1), "the writer steps down: \(writer.log)")
            let steppedDown = writer.log.split(separator: "\n").filter { $0.contains("stepped down") }
            #expect(steppedDown.count == 1, "one line says why: \(writer.log)")
            #expect(steppedDown.first?.hasPrefix("gaveld: ") == true)
            for crash in ["Fatal error", "Illegal instruction", "backtrace"] {
                #expect(!writer.log.contains(crash), "\(writer.log)")
            }
            #expect(!standbyListened, "the standby waits while the lock is held")
            try await DedicatedThread.run { try standby.waitUntilListening() }
        }
    }

    @Test("a URI naming only unreachable hosts: one line, no hang")
    func unreachableHosts() async throws {
        let dataDirectory = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let url =
            "postgresql://gavel@127.0.0.1:\(GaveldProcess.freePort()),127.0.0.1:\(GaveldProcess.freePort())"
            + "/gavel?target_session_attrs=read-write"
        let outcome = try await GaveldProcess.run(
            ["serve", "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(GaveldProcess.freePort())"],
            databaseURL: url, adminToken: ServerHarness.adminToken)
        FaultStartupErrorTests.expectOneLineFailure(outcome, cause: "cannot open the ledger")
    }

    /// The receipt's canonical line, without the signature and the proof (which may differ per signing).
    static func canonical(_ receipt: String) -> String {
        receipt.components(separatedBy: " sig=").first ?? receipt
    }

    static func copyKeyFiles(from source: String, to destination: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasPrefix("receipt-key") {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
        }
    }

    static func dataDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gavel-standby-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
