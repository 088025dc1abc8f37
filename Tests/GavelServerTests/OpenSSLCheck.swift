import Foundation

/// Runs PROTOCOL.md's shell recipe for checking a receipt, verbatim, and returns openssl's exit status.
enum OpenSSLCheck {
    static let recipe = #"""
        set -e
        cd "$WORK"
        printf '%s' "${line% sig=*}" > msg.bin
        printf '%s' "${line##* sig=}" | base64 -d > sig.bin
        { echo '-----BEGIN PUBLIC KEY-----'; echo "$KEY"; echo '-----END PUBLIC KEY-----'; } > gavel.pem
        openssl pkeyutl -verify -pubin -inkey gavel.pem -rawin -in msg.bin -sigfile sig.bin
        """#

    static func verify(line: String, keyBase64: String) throws -> Int32 {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", recipe]
        process.environment = ["line": line, "KEY": keyBase64, "WORK": work.path, "PATH": "/usr/bin:/bin"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
