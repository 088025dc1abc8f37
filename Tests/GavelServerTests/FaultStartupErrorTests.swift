import Foundation
import GavelTestSupport
import Testing

/// `gaveld serve` that cannot start says why in one line on standard error and exits non-zero: no crash, no
/// backtrace, no hang.
@Suite("gaveld start-up failures")
struct FaultStartupErrorTests {
    @Test("a directory where the receipt key should be")
    func keyIsDirectory() async throws {
        let dataDirectory = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        try FileManager.default.createDirectory(
            atPath: dataDirectory + "/receipt-key.pem", withIntermediateDirectories: false)
        let outcome = try await Self.serve(dataDirectory: dataDirectory, databaseURL: Self.closedPortURL())
        Self.expectOneLineFailure(outcome, cause: "receipt-key.pem")
        #expect(outcome.stderr.contains("not a regular file"))
    }

    @Test("a receipt key file that is not a PEM key")
    func keyIsCorrupt() async throws {
        let dataDirectory = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        try Self.write(
            "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n", to: dataDirectory + "/receipt-key.pem", mode: 0o600)
        let outcome = try await Self.serve(dataDirectory: dataDirectory, databaseURL: Self.closedPortURL())
        Self.expectOneLineFailure(outcome, cause: "receipt-key.pem")
    }

    @Test("a receipt key file that group or others may read (root reads mode 000 anyway, so mode is the check)")
    func keyIsReadableByOthers() async throws {
        let dataDirectory = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        try Self.write("anything", to: dataDirectory + "/receipt-key.pem", mode: 0o644)
        let outcome = try await Self.serve(dataDirectory: dataDirectory, databaseURL: Self.closedPortURL())
        Self.expectOneLineFailure(outcome, cause: "receipt-key.pem")
        #expect(outcome.stderr.contains("644"))
    }

    @Test("a database URL whose port nobody listens on")
    func databaseRefused() async throws {
        let dataDirectory = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let outcome = try await Self.serve(dataDirectory: dataDirectory, databaseURL: Self.closedPortURL())
        Self.expectOneLineFailure(outcome, cause: "cannot open the ledger")
    }

    @Test("a database URL whose server accepts and never answers: the connect timeout ends the wait")
    func databaseSilent() async throws {
        let silent = try ListeningSocket()
        let dataDirectory = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let outcome = try await Self.serve(
            dataDirectory: dataDirectory, databaseURL: "postgresql://gavel@127.0.0.1:\(silent.port)/gavel")
        Self.expectOneLineFailure(outcome, cause: "cannot open the ledger")
        #expect(outcome.stderr.contains("no answer from the server"))
    }

    @Test("a listen port another process holds")
    func portTaken() async throws {
        try await TestDatabase.with(label: "fault_port_taken") { database in
            let taken = try ListeningSocket()
            let dataDirectory = try Self.dataDirectory()
            defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
            let outcome = try await Self.serve(
                dataDirectory: dataDirectory, databaseURL: database.connectionString, port: taken.port)
            Self.expectOneLineFailure(outcome, cause: "Address already in use")
            #expect(outcome.stderr.contains("127.0.0.1:\(taken.port)"))
        }
    }

    /// The failure is one `gaveld: ` line naming `cause`, the exit is a normal non-zero one, and nothing on
    /// standard error looks like a crash.
    static func expectOneLineFailure(_ outcome: GaveldProcess.Outcome, cause: String) {
        #expect(outcome.exitedNormally, "gaveld exited by itself, not by a signal")
        #expect(outcome.status != 0)
        let mentions = outcome.stderrLines.filter { $0.contains(cause) }
        #expect(mentions.count == 1, "one line names \(cause): \(outcome.stderr)")
        #expect(mentions.first?.hasPrefix("gaveld: ") == true, "\(outcome.stderr)")
        for crash in ["Fatal error", "backtrace", "Stack dump", "Current stack trace", "Illegal instruction"] {
            #expect(!outcome.stderr.contains(crash), "\(outcome.stderr)")
        }
    }

    static func serve(dataDirectory: String, databaseURL: String, port: Int? = nil) async throws
        -> GaveldProcess.Outcome
    {
        let listen = "127.0.0.1:\(port ?? GaveldProcess.freePort())"
        return try await GaveldProcess.run(
            ["serve", "--data-dir", dataDirectory, "--listen", listen], databaseURL: databaseURL,
            adminToken: ServerHarness.adminToken, environment: ["GAVEL_LOG_LEVEL": "info"])
    }

    static func closedPortURL() -> String {
        "postgresql://gavel@127.0.0.1:\(GaveldProcess.freePort())/gavel"
    }

    static func dataDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gavel-startup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String, mode: Int) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}
