import GavelCrypto
import GavelEntry
import GavelTestSupport
import Testing

/// A receipt read back after its tree has left gaveld's memory (here: after a restart) is made from the
/// signature the ledger kept, not by signing again: a flood of RECEIPTs of old entries costs reads, never
/// a signature each. After a key rotation a tree is signed once more under the new key, and that is kept.
@Suite("Receipts of old entries use the kept tree signature", .serialized)
struct KeptTreeSignatureTests {
    @Test("RECEIPT after a restart repeats the signature the writer kept for the tree, without signing again")
    func keptSignatureIsServed() async throws {
        let database = try await TestDatabase.make(label: "e2e_kept_signature")
        let key = try Ed25519PrivateKey.generate()
        var harness = try await ServerHarness.start(label: "", database: database, key: key)
        let (receipt, token) = try Self.bidReceipt(harness)
        let parsed = try Receipt(parsing: receipt.dropFirst("OK ".count))
        // The writer keeps the last commit's signatures when it stops, if no later commit kept them.
        await harness.stop()
        let kept = try database.connect().query(
            "SELECT public_key, signature FROM gavel_tree_signatures WHERE tree_first = $1 AND tree_last = $2",
            parameters: [String(parsed.tree.first), String(parsed.tree.last)])
        #expect(kept.rowCount == 1)
        #expect(kept.string(row: 0, column: 0) == key.publicKey.base64SPKI)
        #expect(kept.string(row: 0, column: 1) == parsed.signatureBase64)

        // A signature the server could not have made itself: only a read of the kept one returns it.
        let planted = Base64.encode([UInt8](repeating: 7, count: Ed25519PrivateKey.signatureByteCount))
        _ = try database.connect().query(
            "UPDATE gavel_tree_signatures SET signature = $1 WHERE tree_first = $2",
            parameters: [planted, String(parsed.tree.first)])
        harness = try await ServerHarness.start(label: "", database: database, key: key)
        // The round is still open: the bidder's own bid, whose line the server holds in memory.
        let bidder = try harness.client()
        _ = try bidder.call("AUTH \(token)")
        let again = try bidder.call("RECEIPT \(parsed.seq)")
        #expect(again == receipt.replacingOccurrences(of: "sig=\(parsed.signatureBase64)", with: "sig=\(planted)"))
        await harness.stop()
    }

    @Test("after a key rotation an old tree is signed under the new key, kept in place of the old signature")
    func rotationSignsAgainOnce() async throws {
        let database = try await TestDatabase.make(label: "e2e_rotated_signature")
        var harness = try await ServerHarness.start(label: "", database: database)
        let (receipt, _) = try Self.bidReceipt(harness)
        let parsed = try Receipt(parsing: receipt.dropFirst("OK ".count))
        // A finished round: the auctioneer's RECEIPT reads the entry back from PostgreSQL.
        _ = try harness.admin().call("CLOSE 1")
        await harness.stop()

        let rotated = try Ed25519PrivateKey.generate()
        harness = try await ServerHarness.start(label: "", database: database, key: rotated)
        let resigned = try harness.admin().call("RECEIPT \(parsed.seq)")
        let resignedReceipt = try Receipt(parsing: resigned.dropFirst("OK ".count))
        #expect(try resignedReceipt.verify(publicKey: rotated.publicKey).line == parsed.canonicalLine)
        #expect(resignedReceipt.signatureBase64 != parsed.signatureBase64)
        await harness.stop()

        let kept = try database.connect().query(
            "SELECT public_key, signature FROM gavel_tree_signatures WHERE tree_first = $1",
            parameters: [String(parsed.tree.first)])
        #expect(kept.rowCount == 1)
        #expect(kept.string(row: 0, column: 0) == rotated.publicKey.base64SPKI)
        #expect(kept.string(row: 0, column: 1) == resignedReceipt.signatureBase64)
    }

    /// A bidder's receipt for one BID in round 1, and the bidder's token.
    private static func bidReceipt(_ harness: ServerHarness) throws -> (receipt: String, token: String) {
        let admin = try harness.admin()
        let token = try #require(try admin.call("BIDDER ADD acme verified=yes").field("token"))
        _ = try admin.call("OPEN @kept reserve=10000 duration=1h")
        let bidder = try harness.client()
        _ = try bidder.call("AUTH \(token)")
        let receipt = try bidder.call("BID @kept 20000")
        #expect(receipt.hasPrefix("OK v=1 "), "\(receipt)")
        return (receipt, token)
    }
}
