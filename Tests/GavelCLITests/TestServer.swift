import Foundation
import GavelCLI
import GavelClient
import GavelCrypto
import GavelEntry
import GavelServer
import GavelServerConfiguration
import GavelTestSupport
import Logging

/// A GavelServer on a free loopback port over an in-memory ledger, and a scratch receipts directory.
struct TestServer {
    static let adminToken = "cli-tests-admin-token"

    let server: GavelServer
    let port: Int
    let receipts: URL
    /// How the CLI connects: TLS trusting the test CA when the server speaks TLS.
    let clientTLS: GavelTLS?

    /// With `certificates`, the server speaks TLS only.
    static func start(tls certificates: TestCertificates? = nil) async throws -> TestServer {
        var configuration = ServerConfiguration()
        configuration.port = 0
        // Not a test of the AUTH deadline (SessionHandlerTests prove it on a fake clock); on a machine busy
        // with the whole suite a connection may wait longer than the default 10 s for its turn.
        configuration.authTimeoutMs = 300_000
        var logger = Logger(label: "gavel.cli-tests")
        logger.logLevel = .warning
        let server = GavelServer(
            configuration: configuration, ledger: InMemoryLedger(), receiptKey: try Ed25519PrivateKey.generate(),
            adminTokenSHA256: SHA256.hexDigest(Array(adminToken.utf8)),
            tls: try certificates.map { try ServerTLS(certificatePath: $0.certificatePath, keyPath: $0.keyPath) },
            logger: logger)
        let port = try await server.start()
        let receipts = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-cli-tests-\(UUID().uuidString)", isDirectory: true)
        return TestServer(
            server: server, port: port, receipts: receipts,
            clientTLS: try certificates.map { try GavelTLS(host: "127.0.0.1", caFile: $0.caPath) })
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(at: receipts)
    }

    func options(token: String? = nil, json: Bool = false) -> SessionOptions {
        SessionOptions(
            address: ServerAddress(host: "127.0.0.1", port: port), token: token, json: json,
            receiptsDirectory: receipts, tls: clientTLS)
    }

    /// Runs one command through the CLI's one-shot path.
    func run(
        _ words: [String], token: String? = nil, json: Bool = false
    ) async -> (status: ExitStatus, output: CapturedConsole) {
        let output = CapturedConsole()
        let status = await OneShot.run(
            words: words, options: options(token: token, json: json), console: output.console)
        return (status, output)
    }

    /// Opens a one-hour round on `@acme` (reserve 10000) and adds a verified bidder; returns its token.
    func roundAndBidder(_ name: String) async throws -> String {
        let opened = await run(["OPEN", "@acme", "reserve=10000", "duration=1h"], token: Self.adminToken)
        guard opened.status == .ok else { throw TestFailure("OPEN: \(opened.output.out) \(opened.output.err)") }
        let added = await run(["BIDDER", "ADD", name, "verified=yes"], token: Self.adminToken, json: true)
        guard added.status == .ok, let line = added.output.out.first,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let fields = object["fields"] as? [String: String], let token = fields["token"]
        else { throw TestFailure("BIDDER ADD: \(added.output.out) \(added.output.err)") }
        return token
    }
}

extension TestServer {
    /// Runs `body` with a fresh server and stops it afterwards, whether `body` threw or not.
    static func with(
        tls certificates: TestCertificates? = nil, _ body: (TestServer) async throws -> Void
    ) async throws {
        let server = try await start(tls: certificates)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// The receipt files saved so far.
    func receiptFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: receipts.path).filter { $0.hasSuffix(".receipt") }.sorted()
            .map { receipts.appendingPathComponent($0) }
    }
}
