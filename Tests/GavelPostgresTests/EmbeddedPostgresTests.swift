import Foundation
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("EmbeddedPostgres")
struct EmbeddedPostgresTests {
    @Test("a missing installation is reported with install instructions")
    func missingInstallation() {
        let error = #expect(throws: EmbeddedPostgresError.self) {
            try PostgresBinaries.locate(searchPath: "", versionedRoot: "/nonexistent/postgresql")
        }
        #expect(
            error?.description
                == "PostgreSQL is not installed: initdb not found on PATH or in /nonexistent/postgresql/*/bin"
                + " (install postgresql)")
    }

    @Test("initdb and pg_ctl are found in the versioned Debian directory when PATH lacks them")
    func versionedDirectoryFallback() throws {
        let binaries = try PostgresBinaries.locate(searchPath: "/nonexistent")
        #expect(binaries.initdb.hasPrefix("/usr/lib/postgresql/"))
        #expect(binaries.initdb.hasSuffix("/bin/initdb"))
        #expect(binaries.pgCtl == binaries.initdb.replacing("/initdb", with: "/pg_ctl"))
    }

    @Test("a cluster directory too deep for a Unix socket path gets a short, stable socket directory")
    func socketDirectoryFallback() {
        let shallow = EmbeddedPostgres(directory: "/srv/gavel")
        #expect(shallow.socketDirectory == "/srv/gavel/socket")
        let deep = "/srv/" + String(repeating: "nested/", count: 20) + "gavel"
        let socket = EmbeddedPostgres.socketDirectory(forClusterDirectory: deep, port: 5432)
        #expect(socket.hasPrefix("/tmp/gavel-"))
        #expect("\(socket)/.s.PGSQL.5432".utf8.count <= 107)
        #expect(socket == EmbeddedPostgres.socketDirectory(forClusterDirectory: deep, port: 5432))
    }

    @Test("a new cluster listens on a Unix socket only, keeps durability on, and restarts without a second initdb")
    func startStopRestart() async throws {
        try await ScratchCluster.with(label: "restart") { cluster in
            #expect(try await cluster.start() == .createdCluster)
            #expect(cluster.postgres.isRunning)
            let identifier = try onConnection(cluster.postgres) { connection in
                #expect(try connection.query("SELECT 1").int64(row: 0, column: 0) == 1)
                let settings = [
                    ("listen_addresses", ""), ("fsync", "on"), ("synchronous_commit", "on"), ("wal_init_zero", "off"),
                ]
                for (setting, expected) in settings {
                    #expect(try connection.query("SHOW \(setting)").string(row: 0, column: 0) == expected)
                }
                try connection.execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before restart')")
                return try connection.query("SELECT system_identifier FROM pg_control_system()").int64(
                    row: 0, column: 0)
            }
            #expect(try await cluster.start() == .alreadyRunning)
            try await cluster.stop()
            #expect(!cluster.postgres.isRunning)
            try await cluster.stop()

            #expect(try await cluster.start() == .startedExistingCluster)
            try onConnection(cluster.postgres) { connection in
                let sameCluster = try connection.query("SELECT system_identifier FROM pg_control_system()")
                #expect(try sameCluster.int64(row: 0, column: 0) == identifier)
                #expect(try connection.query("SELECT note FROM kept").string(row: 0, column: 0) == "before restart")
            }
        }
    }

    @Test("a cluster whose postmaster was killed with SIGKILL, leaving a stale postmaster.pid, starts again")
    func recoversFromKilledPostmaster() async throws {
        try await ScratchCluster.with(label: "crash") { cluster in
            try await cluster.start()
            try onConnection(cluster.postgres) { connection in
                try connection.execute("CREATE TABLE ledger (amount bigint); INSERT INTO ledger VALUES (42)")
            }
            let pidFile = cluster.postgres.dataDirectory + "/postmaster.pid"
            try await killPostmaster(of: cluster.postgres)
            #expect(FileManager.default.fileExists(atPath: pidFile), "SIGKILL leaves postmaster.pid behind")
            #expect(try await cluster.start() == .startedExistingCluster)
            let amount = try onConnection(cluster.postgres) { connection in
                try connection.query("SELECT amount FROM ledger").int64(row: 0, column: 0)
            }
            #expect(amount == 42)

            // After a crash the recorded pid may belong to an unrelated live process; this one is the test's own.
            try await killPostmaster(of: cluster.postgres)
            let contents = try String(contentsOfFile: pidFile, encoding: .utf8)
            let rest = contents.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)
            let reusedPID = ([String(getpid())] + rest).joined(separator: "\n")
            try reusedPID.write(toFile: pidFile, atomically: false, encoding: .utf8)
            #expect(!cluster.postgres.isRunning)
            #expect(try await cluster.start() == .startedExistingCluster)
            let rows = try onConnection(cluster.postgres) { connection in
                try connection.query("SELECT count(*) FROM ledger").int64(row: 0, column: 0)
            }
            #expect(rows == 1)
        }
    }

    private func onConnection<T>(_ postgres: EmbeddedPostgres, _ body: (PostgresConnection) throws -> T) throws -> T {
        try body(try PostgresConnection(connectionString: postgres.connectionString))
    }

    private func killPostmaster(of postgres: EmbeddedPostgres) async throws {
        let pid = try #require(postgres.postmasterPID)
        #expect(kill(pid, SIGKILL) == 0)
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while postgres.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!postgres.isRunning)
    }
}
