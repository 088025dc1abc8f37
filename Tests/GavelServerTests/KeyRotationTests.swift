import Foundation
import GavelCLI
import GavelClient
import GavelCrypto
import GavelEntry
import GavelTestSupport
import Testing

@Suite("gaveld rotate-key end to end", .serialized)
struct KeyRotationTests {
    @Test(
        "after rotate-key: PUBKEY lists the old key, receipts from before and after verify, RECEIPT signs with the new key"
    )
    func rotation() async throws {
        let database = try await TestDatabase.make(label: "e2e_rotate_key")
        let dataDirectory = NSTemporaryDirectory() + "gavel-rotate-\(UUID().uuidString)"
        let receipts = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-rotate-receipts-\(UUID().uuidString)", isDirectory: true)
        defer {
            try? FileManager.default.removeItem(atPath: dataDirectory)
            try? FileManager.default.removeItem(at: receipts)
        }
        let port = GaveldProcess.freePort()
        var server = try await Self.start(database, dataDirectory: dataDirectory, port: port)
        let admin = try LineClient(port: port)
        let oldKey = try #require(try admin.readLine().field("key"))
        _ = try admin.call("AUTH \(ServerHarness.adminToken)")
        _ = try admin.call("OPEN @rotate reserve=10000 duration=1h")
        let token = try #require(try admin.call("BIDDER ADD rotor verified=yes").field("token"))
        let options = SessionOptions(
            address: ServerAddress(host: "127.0.0.1", port: port), token: token, receiptsDirectory: receipts)
        let firstBid = CapturedConsole()
        #expect(
            await OneShot.run(words: ["BID", "@rotate", "20000"], options: options, console: firstBid.console) == .ok)
        let oldReceipt = try Receipt(parsing: try #require(firstBid.out.last))

        let whileRunning = try await GaveldProcess.run(["rotate-key", "--data-dir", dataDirectory], databaseURL: nil)
        #expect(whileRunning.status == 1)
        #expect(whileRunning.stderr.contains("stop it before rotating its receipt key"))
        server.terminate()
        let rotated = try await GaveldProcess.run(["rotate-key", "--data-dir", dataDirectory], databaseURL: nil)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stderr.contains("retired key=\(oldKey) from="))
        let newKey = try Ed25519PublicKey(pem: rotated.stdout)
        #expect(newKey.base64SPKI != oldKey)

        server = try await Self.start(database, dataDirectory: dataDirectory, port: port)
        defer { server.terminate() }
        let client = try LineClient(port: port)
        #expect(try client.readLine().field("key") == newKey.base64SPKI)
        let pubkey = try client.listing("PUBKEY")
        #expect(pubkey.count == 2)
        #expect(pubkey.first?.hasPrefix("= key=\(oldKey) from=") == true)
        #expect(pubkey.first?.field("until") != nil)
        #expect(pubkey.last == "OK alg=ed25519 key=\(newKey.base64SPKI)")

        let secondBid = CapturedConsole()
        #expect(
            await OneShot.run(words: ["BID", "@rotate", "30000"], options: options, console: secondBid.console) == .ok)
        let newReceipt = try Receipt(parsing: try #require(secondBid.out.last))
        try Self.checkSavedReceipts(
            in: receipts, old: (oldReceipt.seq, try Ed25519PublicKey(base64SPKI: oldKey)), new: (newReceipt.seq, newKey)
        )

        _ = try client.call("AUTH \(token)")
        let again = try Receipt(parsing: try client.call("RECEIPT \(oldReceipt.seq)"))
        #expect(again.canonicalLine == oldReceipt.canonicalLine)
        #expect(again.signatureBase64 != oldReceipt.signatureBase64)
        #expect(throws: Never.self) { try again.verify(publicKey: newKey) }
        #expect(throws: ReceiptError.badSignature) { try again.verify(publicKey: Ed25519PublicKey(base64SPKI: oldKey)) }
    }

    /// Both receipt files verify with the keys saved beside them, each with the key of its time, and the
    /// one from before the rotation does not verify with the new key.
    private static func checkSavedReceipts(
        in receipts: URL, old: (seq: Int64, key: Ed25519PublicKey), new: (seq: Int64, key: Ed25519PublicKey)
    ) throws {
        let oldFile = receipts.appendingPathComponent("\(old.seq).receipt").path
        let newFile = receipts.appendingPathComponent("\(new.seq).receipt").path
        for (file, key) in [(oldFile, old.key), (newFile, new.key)] {
            let check = CapturedConsole()
            #expect(ReceiptFileCheck.run(file: file, keyFile: nil, console: check.console) == .ok)
            #expect(check.out.first?.hasSuffix(" key=\(key.fingerprint)") == true, "\(check.out)")
        }
        let oldKeyFile = ReceiptStore.keyFile(for: old.key, in: receipts).path
        let newKeyFile = ReceiptStore.keyFile(for: new.key, in: receipts).path
        #expect(ReceiptFileCheck.run(file: oldFile, keyFile: oldKeyFile, console: CapturedConsole().console) == .ok)
        let refused = CapturedConsole()
        #expect(ReceiptFileCheck.run(file: oldFile, keyFile: newKeyFile, console: refused.console) == .serverError)
        #expect(
            refused.out == [
                "invalid: the signature of the tree head does not verify with the key \(new.key.fingerprint)"
            ])
        #expect(
            ReceiptFileCheck.run(file: newFile, keyFile: oldKeyFile, console: CapturedConsole().console) == .serverError
        )
    }

    private static func start(_ database: TestDatabase, dataDirectory: String, port: Int) async throws
        -> GaveldProcess
    {
        try await GaveldProcess.start(
            databaseURL: database.connectionString, dataDirectory: dataDirectory, port: port,
            adminToken: ServerHarness.adminToken)
    }
}
