import Foundation

/// Runs the `openssl` command-line tool, an implementation independent of GavelCrypto's bindings.
enum OpenSSLCommand {
    struct Outcome {
        let status: Int32
        let output: String
    }

    static func run(_ arguments: [String], in directory: String) throws -> Outcome {
        let process = Process()
        let outputPipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        try process.run()
        // Drain before waiting so a chatty child can never block on a full pipe.
        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}
