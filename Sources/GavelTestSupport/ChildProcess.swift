import Foundation

/// One program run to its exit, its output captured in files: for tests that run the real executables
/// (`gaveld`, `gavel`) or a shell script.
public enum ChildProcess {
    /// What a program printed, and how it ended.
    public struct Outcome: Sendable {
        public let status: Int32
        /// False when a signal (a crash, or the time limit) ended it.
        public let exitedNormally: Bool
        public let stdout: String
        public let stderr: String

        public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// The executables built beside the test bundle (`.build/debug`, or a `--scratch-path` build), or in
    /// `GAVEL_BUILD_DIR`.
    public static var buildDirectory: URL {
        if let directory = ProcessInfo.processInfo.environment["GAVEL_BUILD_DIR"], !directory.isEmpty {
            return URL(fileURLWithPath: directory, isDirectory: true)
        }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: besideTests.appendingPathComponent("gaveld").path) {
            return besideTests
        }
        return URL(fileURLWithPath: TestPaths.packageRoot + "/.build/debug", isDirectory: true)
    }

    /// Runs `executable` with standard input empty, on a thread of its own, and kills it (so failing the
    /// caller's expectations) when it outlives `timeoutSeconds`.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String], directory: String? = nil,
        timeoutSeconds: TimeInterval
    ) async throws -> Outcome {
        try await DedicatedThread.run {
            try runToExit(
                executable, arguments, environment: environment, directory: directory,
                timeoutSeconds: timeoutSeconds)
        }
    }

    private static func runToExit(
        _ executable: URL, _ arguments: [String], environment: [String: String], directory workingDirectory: String?,
        timeoutSeconds: TimeInterval
    ) throws -> Outcome {
        let directory = NSTemporaryDirectory() + "gavel-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stdoutPath = directory + "/stdout"
        let stderrPath = directory + "/stderr"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let read = { (path: String) in
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return Outcome(
            status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
            stdout: read(stdoutPath), stderr: read(stderrPath))
    }
}
