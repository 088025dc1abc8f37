import Foundation
import GavelClient
import GavelCore
import GavelEntry
import GavelServer
import GavelTestSupport
import GavelWire
import Testing

@Suite("TLS listener", .serialized)
struct ServerTLSTests {
    @Test("openssl s_client is a bidder: HELLO after the handshake, TLS 1.3 negotiated, TLS 1.1 refused")
    func opensslClient() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let harness = try await ServerHarness.start(ledger: InMemoryLedger(), tls: try Self.tls(certificates))
        let address = "127.0.0.1:\(harness.port)"
        let verified = ["-connect", address, "-CAfile", certificates.caPath, "-verify_return_error"]

        let quiet = try TestCertificates.openssl(["s_client", "-quiet"] + verified, input: "PING\nQUIT\n")
        #expect(quiet.status == 0, "\(quiet.output)")
        let lines = quiet.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("* HELLO proto=1 ") })
        #expect(lines.contains("OK pong"))
        #expect(lines.contains("OK bye"))

        let chatty = try TestCertificates.openssl(["s_client", "-ign_eof"] + verified, input: "QUIT\n")
        #expect(chatty.output.contains("New, TLSv1.3, Cipher is "), "\(chatty.output)")
        #expect(chatty.output.contains("Verify return code: 0 (ok)"))

        let twelve = try TestCertificates.openssl(["s_client", "-quiet", "-tls1_2"] + verified, input: "QUIT\n")
        #expect(twelve.output.contains("* HELLO proto=1 "), "TLS 1.2 is still accepted: \(twelve.output)")

        // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all, so the refusal is the server's.
        let old = try TestCertificates.openssl(
            ["s_client", "-quiet", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"] + verified, input: "QUIT\n")
        #expect(old.status != 0)
        #expect(!old.output.contains("HELLO"))
        #expect(old.output.contains("alert protocol version"), "\(old.output)")
        await harness.stop()
    }

    @Test("GavelClient trusting the CA authenticates and bids; the receipt verifies with the HELLO key")
    func gavelClient() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let harness = try await ServerHarness.start(ledger: InMemoryLedger(), tls: try Self.tls(certificates))
        let tls = try GavelTLS(host: "127.0.0.1", caFile: certificates.caPath)
        let admin = try await GavelConnection.connect(host: "127.0.0.1", port: harness.port, tls: tls)
        #expect(try await admin.send(Self.command("AUTH \(ServerHarness.adminToken)")).isOK)
        let added = try await admin.send(Self.command("BIDDER ADD acme verified=yes"))
        let token = try #require(added.fields?["token"])
        #expect(try await admin.send(Self.command("OPEN @acme reserve=10000 duration=1h")).isOK)

        let bidder = try await GavelConnection.connect(
            host: "localhost", port: harness.port, tls: try GavelTLS(host: "localhost", caFile: certificates.caPath))
        #expect(try await bidder.send(Self.command("AUTH \(token)")).isOK)
        let receipt = try Receipt(try await bidder.send(Self.command("BID 1 25000 ref=tls-1")))
        let record = try receipt.verify(publicKey: bidder.hello.publicKey)
        #expect(record.line == receipt.canonicalLine)
        #expect(receipt.fields["kind"] == "bid")
        #expect(receipt.fields["amount"] == "25000.00")
        await bidder.close()
        await admin.close()

        await #expect(throws: GavelClientError.self) {
            _ = try await GavelConnection.connect(
                host: "127.0.0.1", port: harness.port, tls: try GavelTLS(host: "127.0.0.1", caFile: nil),
                connectTimeoutMs: 5_000)
        }
        await harness.stop()
    }

    @Test("a plain-TCP client gets no HELLO from the TLS port: its bytes fail the handshake and it is closed")
    func plainClientRefused() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let harness = try await ServerHarness.start(ledger: InMemoryLedger(), tls: try Self.tls(certificates))
        let plain = try LineClient(port: harness.port)
        try plain.send("PING\n")
        var received: [String] = []
        while let line = try? plain.readLine() { received.append(line) }
        #expect(!received.contains { $0.contains("HELLO") || $0.contains("OK") })
        #expect(plain.isClosedByServer())
        await harness.stop()
    }

    @Test("a certificate or key that cannot be used is refused with the reason")
    func unusableFiles() throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let missing = certificates.directory + "/missing.pem"
        #expect(throws: ServerTLSError.unreadable(what: "certificate", missing)) {
            try ServerTLS(certificatePath: missing, keyPath: certificates.keyPath)
        }
        let garbage = certificates.directory + "/garbage.pem"
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: ServerTLSError.notPEM(what: "private key", garbage)) {
            try ServerTLS(certificatePath: certificates.certificatePath, keyPath: garbage)
        }
        #expect(
            throws: ServerTLSError.keyDoesNotMatch(
                certificatePath: certificates.certificatePath, keyPath: certificates.strayKeyPath)
        ) {
            try ServerTLS(certificatePath: certificates.certificatePath, keyPath: certificates.strayKeyPath)
        }
    }

    @Test("gaveld with a missing or garbage certificate says so in one line and exits 1, before any database")
    func gaveldRefusesBadCertificate() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let garbage = certificates.directory + "/garbage.pem"
        try Data("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n".utf8)
            .write(to: URL(fileURLWithPath: garbage))
        let cases = [
            (certificates.directory + "/missing.pem", "cannot read the TLS certificate"),
            (garbage, "is not a PEM certificate"),
        ]
        for (certificate, reason) in cases {
            let outcome = try await GaveldProcess.run(
                [
                    "serve", "--data-dir", certificates.directory + "/data", "--listen", "127.0.0.1:0",
                    "--tls-cert", certificate, "--tls-key", certificates.keyPath,
                ],
                databaseURL: "postgresql://nobody@127.0.0.1:1/none", environment: ["GAVEL_LOG_LEVEL": "error"])
            let (status, errors) = (outcome.status, outcome.stderr)
            #expect(status == 1)
            let lines = errors.split(separator: "\n")
            #expect(lines.count == 1, "\(errors)")
            #expect(lines.first?.hasPrefix("gaveld: ") == true)
            #expect(lines.first?.contains(reason) == true, "\(errors)")
        }
    }

    static func tls(_ certificates: TestCertificates) throws -> ServerTLS {
        try ServerTLS(certificatePath: certificates.certificatePath, keyPath: certificates.keyPath)
    }

    static func command(_ line: String) throws -> Command {
        try Command(parsing: Array(line.utf8))
    }
}
