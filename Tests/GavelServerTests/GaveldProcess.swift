import Foundation

/// The real `gaveld` executable, run as a child process against a test database, for crash tests.
final class GaveldProcess {
    /// The `gaveld` built beside this test bundle, so a `--scratch-path` build tests its own binary;
    /// `GAVEL_BUILD_DIR` names another build directory.
    static var executable: URL {
        if let directory = ProcessInfo.processInfo.environment["GAVEL_BUILD_DIR"], !directory.isEmpty {
            return URL(fileURLWithPath: directory).appendingPathComponent("gaveld")
        }
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gaveld")
        if FileManager.default.isExecutableFile(atPath: besideBundle.path) { return besideBundle }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/gaveld")
    }

    /// Runs a `gaveld` subcommand to its end; returns its exit status, standard output and standard error.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (
        status: Int32, out: String, err: String
    ) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is small (a few lines); read it after standard output without risking a full pipe.
        let outText = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, outText, errText)
    }

    let port: Int
    private let process = Process()

    /// Starts gaveld (with `serve`'s `extraArguments`) and waits until it accepts connections.
    init(
        databaseURL: String, dataDirectory: String, port: Int, adminToken: String, extraArguments: [String] = []
    ) throws {
        self.port = port
        process.executableURL = Self.executable
        process.arguments =
            ["serve", "--data-dir", dataDirectory, "--listen", "127.0.0.1:\(port)"] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["GAVEL_ADMIN_TOKEN"] = adminToken
        environment["GAVEL_LOG_LEVEL"] = "warning"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if (try? LineClient(port: port)) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw LineClient.ClientError.io("gaveld did not start on port \(port)")
    }

    deinit {
        if process.isRunning { killHard() }
    }

    /// kill -9: no shutdown, no goodbye, whatever was in flight is cut off.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        process.terminate()
        process.waitUntilExit()
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
