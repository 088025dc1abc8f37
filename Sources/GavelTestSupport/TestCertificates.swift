import Foundation

/// A throwaway CA and a server certificate it signed for `localhost` and `127.0.0.1`, made with the
/// `openssl` command line in a fresh directory.
public struct TestCertificates: Sendable {
    public let directory: String
    public var caPath: String { directory + "/ca.pem" }
    public var certificatePath: String { directory + "/server.pem" }
    public var keyPath: String { directory + "/server.key" }
    /// A key that belongs to no certificate here.
    public var strayKeyPath: String { directory + "/stray.key" }

    public static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.path + "/gavel-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try generate(
            ["req", "-x509"] + ec + [
                "-days", "1", "-subj", "/CN=Gavel test CA", "-keyout", directory + "/ca.key", "-out",
                certificates.caPath,
            ])
        try generate(
            ["req"] + ec + [
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", certificates.keyPath, "-out", directory + "/server.csr",
            ])
        try generate([
            "x509", "-req", "-in", directory + "/server.csr", "-CA", certificates.caPath, "-CAkey",
            directory + "/ca.key", "-CAcreateserial", "-days", "1", "-copy_extensions", "copyall", "-out",
            certificates.certificatePath,
        ])
        try generate([
            "genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out",
            certificates.strayKeyPath,
        ])
        return certificates
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func generate(_ arguments: [String]) throws {
        let (status, output) = try openssl(arguments)
        guard status == 0 else { throw OpenSSLCommandError(arguments: arguments, output: output) }
    }

    /// Runs `openssl` with `arguments` and `input` on its standard input; its exit status and everything
    /// it printed (standard output, then standard error).
    @discardableResult
    public static func openssl(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let standardInput = Pipe()
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let errors = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus,
            String(decoding: output, as: UTF8.self) + String(decoding: errors, as: UTF8.self)
        )
    }
}
