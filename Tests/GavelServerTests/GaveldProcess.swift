import Foundation
import GavelTestSupport

/// The real `gaveld` executable, run as a child process: a server for crash and fault tests, or one
/// command run to its exit. Waiting for either happens on a thread of its own, off the tests' cooperative pool.
///
/// `@unchecked Sendable`: every stored property is a constant, and `Process` may be signalled and waited
/// on from any thread.
final class GaveldProcess: @unchecked Sendable {
    /// The `gaveld` built beside this test bundle, or the one `GAVEL_BUILD_DIR` names.
    static var executable: URL { ChildProcess.buildDirectory.appendingPathComponent("gaveld") }

    /// How long a server may take to accept connections, or a command to exit, before the test fails.
    static let startTimeoutSeconds: TimeInterval = 60
    /// What gaveld logs (at `notice`) once it accepts connections.
    static let servingLine = "gaveld serving"

    let port: Int
    /// Where the server's standard output and error go, when the test reads its log.
    let logFile: String?
    private let process = Process()
    /// The server's log, read as it comes; without a log file it goes to the test run's, marked as expected.
    private let output: GaveldOutput

    /// Starts `gaveld serve` and waits until it says it serves (which needs `GAVEL_LOG_LEVEL` at `notice` or
    /// below, the default here). `databaseURL` nil runs the embedded PostgreSQL in `dataDirectory`;
    /// `adminToken` nil leaves the server to read or generate admin.token. `awaitListening` false returns
    /// once the process runs (a standby does not listen).
    static func start(
        databaseURL: String?, dataDirectory: String, port: Int, adminToken: String?,
        environment extra: [String: String] = [:], arguments: [String] = [], logFile: String? = nil,
        awaitListening: Bool = true
    ) async throws -> GaveldProcess {
        try await DedicatedThread.run {
            try GaveldProcess(
                databaseURL: databaseURL, dataDirectory: dataDirectory, port: port, adminToken: adminToken,
                environment: extra, arguments: arguments, logFile: logFile, awaitListening: awaitListening)
        }
    }

    private init(
        databaseURL: String?, dataDirectory: String, port: Int, adminToken: String?,
        environment extra: [String: String] = [:], arguments: [String] = [], logFile: String? = nil,
        awaitListening: Bool
    ) throws {
        self.port = port
        self.logFile = logFile
        process.executableURL = Self.executable
        process.arguments =
            ["serve", "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(port)"] + arguments
        process.environment = Self.environment(
            databaseURL: databaseURL, adminToken: adminToken,
            extra: ["GAVEL_LOG_LEVEL": "notice"].merging(extra) { _, new in new })
        if let logFile {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
            output = GaveldOutput(logFile: try FileHandle(forWritingTo: URL(fileURLWithPath: logFile)))
            process.standardOutput = output.pipe
        } else {
            output = GaveldOutput(logFile: nil)
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = output.pipe
        process.terminationHandler = { [output] _ in output.serverExited() }
        try process.run()
        if awaitListening { try waitUntilListening() }
    }

    /// Waits until the server says it serves; kills it and throws when it exits first or does not in time.
    func waitUntilListening() throws {
        guard output.waitForLine(containing: Self.servingLine, timeoutSeconds: Self.startTimeoutSeconds) else {
            if process.isRunning { killHard() }
            throw LineClient.ClientError.io("gaveld did not start on port \(port)")
        }
    }

    /// Waits until the server logs a line containing `text`; false if it exits first or `timeoutSeconds` pass.
    func waitForLog(containing text: String, timeoutSeconds: TimeInterval) -> Bool {
        output.waitForLine(containing: text, timeoutSeconds: timeoutSeconds)
    }

    var isRunning: Bool { process.isRunning }

    /// Once it has exited: whether by itself (not by a signal), and its status.
    var exit: (normally: Bool, status: Int32) {
        (process.terminationReason == .exit, process.terminationStatus)
    }

    deinit {
        if process.isRunning { killHard() }
    }

    /// The server's log so far (empty without a log file).
    var log: String {
        guard let logFile, let data = FileManager.default.contents(atPath: logFile) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// kill -9: no shutdown, no goodbye, whatever was in flight is cut off.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        waitUntilExit()
    }

    /// Returns once the process has exited, by itself or by a signal, and its log is complete.
    func waitUntilExit() {
        process.waitUntilExit()
        output.waitForEnd()
    }

    /// SIGTERM, and waits for the graceful shutdown (which also stops an embedded PostgreSQL).
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        waitUntilExit()
    }

    typealias Outcome = ChildProcess.Outcome

    /// Runs `gaveld <arguments>` (or another `executable`, in `directory`) to its exit, killing it (and so
    /// failing the caller's expectations) when it outlives `timeoutSeconds`.
    static func run(
        _ arguments: [String], databaseURL: String?, adminToken: String? = nil,
        environment extra: [String: String] = [:], executable: URL = executable, directory: String? = nil,
        timeoutSeconds: TimeInterval = startTimeoutSeconds
    ) async throws -> Outcome {
        try await ChildProcess.run(
            executable, arguments,
            environment: environment(databaseURL: databaseURL, adminToken: adminToken, extra: extra),
            directory: directory, timeoutSeconds: timeoutSeconds)
    }

    /// The test process's environment without anything that would point gaveld elsewhere, plus `extra`.
    private static func environment(databaseURL: String?, adminToken: String?, extra: [String: String])
        -> [String: String]
    {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GAVEL_") }
        // An empty URL means the embedded PostgreSQL, whatever a configuration file says.
        environment["DATABASE_URL"] = databaseURL ?? ""
        environment["GAVEL_ADMIN_TOKEN"] = adminToken
        environment["GAVEL_LOG_LEVEL"] = "warning"
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// A port nobody listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
