import Foundation
import GavelCLI
import GavelCrypto
import GavelTestSupport
import Testing

@Suite("gavel one-shot and verify-receipt against an in-process server")
struct OneShotTests {
    @Test("with TLS trusting the server's CA (--tls --ca-file), a bid gets its receipt")
    func overTLS() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        try await TestServer.with(tls: certificates) { server in
            #expect(server.clientTLS != nil)
            let token = try await server.roundAndBidder("alice")
            let bid = await server.run(["BID", "@acme", "25000"], token: token)
            #expect(bid.status == .ok)
            #expect(bid.output.out.last?.hasPrefix("OK v=1 seq=") == true)
            #expect(try server.receiptFiles().count == 1)
        }
    }

    @Test("BID saves a receipt and key.pem; verify-receipt accepts it, a tampered copy is rejected")
    func bidReceiptRoundTrip() async throws {
        try await TestServer.with { server in
            let token = try await server.roundAndBidder("alice")

            let bid = await server.run(["BID", "@acme", "25000"], token: token)
            #expect(bid.status == .ok)
            let line = try #require(bid.output.out.last)
            #expect(line.hasPrefix("OK v=1 seq="))
            #expect(line.contains(" kind=bid ") && line.contains(" amount=25000.00 ") && line.contains(" sig="))

            let files = try FileManager.default.contentsOfDirectory(atPath: server.receipts.path).sorted()
            #expect(files.contains("key.pem") && files.contains("keys"))
            let receiptName = try #require(files.first { $0.hasSuffix(".receipt") })
            let receiptFile = server.receipts.appendingPathComponent(receiptName)
            let saved = try String(contentsOf: receiptFile, encoding: .utf8)
            #expect(saved == line + "\n")

            let check = CapturedConsole()
            #expect(ReceiptFileCheck.run(file: receiptFile.path, keyFile: nil, console: check.console) == .ok)
            let seq = receiptName.dropLast(".receipt".count)
            let keys = try FileManager.default.contentsOfDirectory(
                atPath: server.receipts.appendingPathComponent("keys").path)
            #expect(keys.count == 1)
            let fingerprint = try #require(keys.first?.dropLast(".pem".count))
            let tree = try #require(saved.split(separator: " ").first { $0.hasPrefix("tree=") })
            #expect(check.out == ["valid seq=\(seq) kind=bid \(tree) key=\(fingerprint)"])

            let withoutOK = server.receipts.appendingPathComponent("bare.txt")
            try String(saved.dropFirst(3)).write(to: withoutOK, atomically: true, encoding: .utf8)
            #expect(ReceiptFileCheck.run(file: withoutOK.path, keyFile: nil, console: CapturedConsole().console) == .ok)

            let tampered = server.receipts.appendingPathComponent("tampered.receipt")
            try saved.replacingOccurrences(of: "amount=25000.00", with: "amount=25.00")
                .write(to: tampered, atomically: true, encoding: .utf8)
            let rejected = CapturedConsole()
            #expect(ReceiptFileCheck.run(file: tampered.path, keyFile: nil, console: rejected.console) == .serverError)
            #expect(rejected.out.first?.hasPrefix("invalid:") == true)
        }
    }

    @Test("verify-receipt rejects a receipt checked against another server's key, and a missing file")
    func wrongKeyAndMissingFile() async throws {
        try await TestServer.with { first in
            try await TestServer.with { second in
                let firstToken = try await first.roundAndBidder("bob")
                #expect(await first.run(["BID", "@acme", "20000"], token: firstToken).status == .ok)
                let secondToken = try await second.roundAndBidder("carol")
                #expect(await second.run(["BID", "@acme", "20000"], token: secondToken).status == .ok)
                let receipt = try #require(try second.receiptFiles().first)

                let wrongKey = CapturedConsole()
                let otherKey = first.receipts.appendingPathComponent("key.pem").path
                let status = ReceiptFileCheck.run(file: receipt.path, keyFile: otherKey, console: wrongKey.console)
                #expect(status == .serverError)
                let otherFingerprint = try Ed25519PublicKey(pem: String(contentsOfFile: otherKey, encoding: .utf8))
                    .fingerprint
                #expect(
                    wrongKey.out == [
                        "invalid: the signature of the tree head does not verify with the key \(otherFingerprint)"
                    ])
            }
        }
        let missing = CapturedConsole()
        let status = ReceiptFileCheck.run(file: "/nonexistent/1.receipt", keyFile: nil, console: missing.console)
        #expect(status == .serverError)
    }

    @Test("ERR exits 1 with its code on standard error")
    func errorReply() async throws {
        try await TestServer.with { server in
            let unauthenticated = await server.run(["BID", "@acme", "25000"])
            #expect(unauthenticated.status == .serverError)
            #expect(unauthenticated.output.err.contains { $0.hasPrefix("ERR AUTH_REQUIRED") })

            let token = try await server.roundAndBidder("dave")
            let below = await server.run(["BID", "@acme", "5000"], token: token)
            #expect(below.status == .serverError)
            #expect(below.output.err.contains { $0.hasPrefix("ERR BELOW_RESERVE") })

            let badToken = await server.run(["PING"], token: "not-a-token")
            #expect(badToken.status == .serverError)
            #expect(badToken.output.err.contains { $0.contains("AUTH_FAILED") })
        }
    }

    @Test("a bad command line exits 2 before connecting; so does a server that is not there")
    func usageErrors() async {
        let nowhere = SessionOptions(address: ServerAddress(host: "127.0.0.1", port: 1))
        let unknown = CapturedConsole()
        #expect(await OneShot.run(words: ["FROB", "x"], options: nowhere, console: unknown.console) == .usage)
        #expect(unknown.err.first?.hasPrefix("ERR UNKNOWN_COMMAND") == true)

        let badAmount = CapturedConsole()
        #expect(
            await OneShot.run(words: ["BID", "@acme", "lots"], options: nowhere, console: badAmount.console) == .usage)
        #expect(badAmount.err.first?.hasPrefix("ERR BAD_AMOUNT") == true)

        let refused = CapturedConsole()
        #expect(await OneShot.run(words: ["PING"], options: nowhere, console: refused.console) == .usage)
        #expect(refused.err.first?.hasPrefix("gavel: cannot connect") == true)

        #expect(ServerAddress(parsing: "127.0.0.1") == nil)
        #expect(ServerAddress(parsing: "[::1]:7070") == ServerAddress(host: "::1", port: 7070))
        #expect(SessionOptions.token(flag: nil, environment: ["GAVEL_TOKEN": "t"]) == "t")
        #expect(SessionOptions.token(flag: "f", environment: ["GAVEL_TOKEN": "t"]) == "f")
    }

    @Test("--json prints one JSON object for OK, with rows, and for ERR")
    func jsonOutput() async throws {
        try await TestServer.with { server in
            let token = try await server.roundAndBidder("erin")

            let bid = await server.run(["BID", "@acme", "25000"], token: token, json: true)
            #expect(bid.status == .ok)
            #expect(bid.output.out.count == 1)
            let object = try Self.jsonObject(bid.output.out)
            #expect(object["ok"] as? Bool == true)
            #expect(object["code"] is NSNull)
            let fields = try #require(object["fields"] as? [String: String])
            #expect(fields["kind"] == "bid")
            #expect(fields["amount"] == "25000.00")
            #expect((object["rows"] as? [Any])?.isEmpty == true)

            let rounds = await server.run(["ROUNDS"], token: token, json: true)
            let listing = try Self.jsonObject(rounds.output.out)
            let rows = try #require(listing["rows"] as? [[String: String]])
            #expect(rows.contains { $0["handle"] == "acme" })

            let failed = await server.run(["BID", "@acme", "5000"], token: token, json: true)
            #expect(failed.status == .serverError)
            let error = try Self.jsonObject(failed.output.out)
            #expect(error["ok"] as? Bool == false)
            #expect(error["code"] as? String == "BELOW_RESERVE")
        }
    }

    @Test("verify-ledger's LEDGER VERIFY through an auctioneer connection")
    func ledgerVerify() async throws {
        try await TestServer.with { server in
            _ = try await server.roundAndBidder("frank")
            let verified = await server.run(["LEDGER", "VERIFY"], token: TestServer.adminToken)
            #expect(verified.status == .ok)
            #expect(verified.output.out.last?.hasPrefix("OK entries=") == true)
        }
    }

    /// The one line of `--json` output, decoded as an object.
    static func jsonObject(_ lines: [String]) throws -> [String: Any] {
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
