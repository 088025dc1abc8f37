import GavelCrypto
import GavelEntry
import Testing

/// A receipt whose tree is no longer in gaveld's memory is rebuilt from the tree's entries: those still
/// held (live bids) and the rest read from the ledger. State moves on while that read is under way.
@Suite("Receipts read back while the state moves on")
struct ReceiptReadBackTests {
    @Test("a live bid replaced while its tree's other entries are read still gets its receipt, byte for byte")
    func liveBidReplacedDuringTheRead() async throws {
        let ledger = HeldReadLedger()
        let key = try Ed25519PrivateKey.generate()
        var harness = try await ServerHarness.start(ledger: ledger, key: key)
        let admin = try harness.admin()
        let token = try #require(try admin.call("BIDDER ADD acme verified=yes").field("token"))
        _ = try admin.call("OPEN @kept reserve=10000 duration=1h")
        _ = try admin.call("OPEN @dropped reserve=10000 duration=1h")
        let acme = try harness.client()
        _ = try acme.call("AUTH \(token)")
        // One write, one turn, one commit: a tree of the live bid and two entries no live state needs.
        try acme.send("BID @kept 20000\nBID @dropped 30000\nWITHDRAW @dropped\n")
        let receipt = try acme.readLine()
        #expect(try acme.readLine().hasPrefix("OK "))
        #expect(try acme.readLine().hasPrefix("OK "))
        let parsed = try Receipt(parsing: receipt.dropFirst("OK ".count))
        try #require(parsed.tree.last > parsed.tree.first, "the three entries share a tree")
        await harness.stop()

        // After a restart no tree is cached: the receipt needs the tree's other entries from the ledger.
        harness = try await ServerHarness.start(ledger: ledger, key: key)
        let reader = try harness.client()
        _ = try reader.call("AUTH \(token)")
        let replacer = try harness.client()
        _ = try replacer.call("AUTH \(token)")
        ledger.reads.holdNext()
        try reader.send("RECEIPT \(parsed.seq)\n")
        await ledger.reads.waitUntilHeld()
        // Committed meanwhile, the replacement takes the old bid out of memory.
        #expect(try replacer.call("BID @kept 25000").hasPrefix("OK "))
        ledger.reads.release()?.resume()
        #expect(try reader.readLine() == receipt)
        await harness.stop()
    }
}
