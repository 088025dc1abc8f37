import GavelCrypto
import GavelEntry
import GavelTestSupport
import Testing

/// Memory follows live state (DESIGN.md invariant 11): once a round is finished its entries leave the
/// server's memory and RECEIPT, PROOF, BIDS and MYBIDS read them back from the ledger. Their replies must be
/// the bytes they were when the entries were committed, and the same again after a restart.
@Suite("Finished rounds read back from the ledger", .serialized)
struct FinishedRoundReadTests {
    /// What an auctioneer and a bidder read about the rounds, each reply with its rows.
    private struct Reads: Equatable {
        let bids: [String]
        let proof: [String]
        let round: [String]
        let cancelledBids: [String]
        let myBids: [String]
        let myBidsSold: [String]
        let myBidsCancelled: [String]
        let myBidsOpen: [String]

        init(admin: LineClient, bidder: LineClient) throws {
            bids = try admin.listing("BIDS 1")
            proof = try admin.listing("PROOF 1")
            round = try admin.listing("ROUND 1")
            cancelledBids = try admin.listing("BIDS 2")
            myBids = try bidder.listing("MYBIDS")
            myBidsSold = try bidder.listing("MYBIDS 1")
            myBidsCancelled = try bidder.listing("MYBIDS 2")
            myBidsOpen = try bidder.listing("MYBIDS 3")
        }
    }

    @Test("in memory: replies about finished rounds are the bytes of their receipts, before and after a restart")
    func inMemoryLedger() async throws {
        let ledger = InMemoryLedger()
        let key = try Ed25519PrivateKey.generate()
        try await Self.checkRestart { try await ServerHarness.start(ledger: ledger, key: key) }
    }

    @Test("PostgreSQL: replies about finished rounds are the bytes of their receipts, before and after a restart")
    func postgres() async throws {
        let database = try await TestDatabase.make(label: "e2e_finished_rounds")
        let key = try Ed25519PrivateKey.generate()
        try await Self.checkRestart { try await ServerHarness.start(label: "", database: database, key: key) }
    }

    /// A sold round (a replaced bid, a withdrawal), a cancelled round with a bid, and a round still open;
    /// every read about them is asked before and after a restart.
    private static func checkRestart(start: () async throws -> ServerHarness) async throws {
        var harness = try await start()
        var admin = try harness.admin()
        let tokens = try ["acme", "globex", "initech"].map { name in
            try #require(try admin.call("BIDDER ADD \(name) verified=yes").field("token"))
        }
        let (acme, globex, initech) = try (
            Self.connect(harness, tokens[0]), Self.connect(harness, tokens[1]), Self.connect(harness, tokens[2])
        )
        _ = try admin.call("OPEN @sold reserve=10000 duration=1h")
        _ = try admin.call("OPEN @dropped reserve=10000 duration=1h")
        _ = try admin.call("OPEN @later reserve=10000 duration=1h")
        var receipts = [
            try acme.call("BID @sold 20000 ref=first"),
            try globex.call("BID @sold 21000"),
            try initech.call("BID @sold 19000"),
            try acme.call("BID @sold 22000"),
            try initech.call("WITHDRAW @sold"),
            try acme.call("BID @dropped 15000"),
            try acme.call("BID @later 12000"),
        ]
        receipts.append(contentsOf: [try admin.call("CLOSE 1"), try admin.call("CANCEL 2")])
        #expect(receipts.allSatisfy { $0.hasPrefix("OK v=1 ") }, "\(receipts)")
        let close = receipts[7]
        #expect(close.contains(" result=sold bids=2 "), "\(close)")

        let before = try Reads(admin: admin, bidder: acme)
        try Self.checkReceipts(receipts, admin: admin, bidder: acme)
        #expect(before.bids == [receipts[1], receipts[3]].map(Self.row) + ["OK count=2"])
        #expect(before.proof.count == 3 && before.proof.last == close, "\(before.proof)")
        #expect(before.cancelledBids.count == 1 && before.cancelledBids[0].hasPrefix("ERR SEALED"))
        #expect(before.myBids == [receipts[3], receipts[5], receipts[6]].map(Self.row) + ["OK count=3"])
        #expect(before.myBidsSold == [Self.row(receipts[3]), "OK count=1"])
        #expect(before.myBidsCancelled == [Self.row(receipts[5]), "OK count=1"])
        #expect(before.myBidsOpen == [Self.row(receipts[6]), "OK count=1"])

        await harness.stop()
        harness = try await start()
        admin = try harness.admin()
        let again = try Self.connect(harness, tokens[0])
        #expect(try Reads(admin: admin, bidder: again) == before)
        try Self.checkReceipts(receipts, admin: admin, bidder: again)
        #expect(try again.call("BID @sold 30000 ref=first") == receipts[0], "a ref still repeats its receipt")
        await harness.stop()
    }

    private static func connect(_ harness: ServerHarness, _ token: String) throws -> LineClient {
        let client = try harness.client()
        _ = try client.call("AUTH \(token)")
        return client
    }

    /// RECEIPT repeats every receipt byte for byte: to the auctioneer those of the closed round and the
    /// cancel (the bids of a cancelled or open round stay sealed), to acme its own bids.
    private static func checkReceipts(_ receipts: [String], admin: LineClient, bidder acme: LineClient) throws {
        for (reader, indices) in [(admin, [0, 1, 2, 3, 4, 7, 8]), (acme, [0, 3, 5, 6])] {
            for receipt in indices.map({ receipts[$0] }) {
                #expect(try reader.call("RECEIPT \(receipt.field("seq") ?? "")") == receipt)
            }
        }
        #expect(try admin.call("RECEIPT \(receipts[5].field("seq") ?? "")").hasPrefix("ERR SEALED"))
    }

    /// A listing's row for an entry: its receipt's entry, without `OK`, `tree`, `path` and `sig`.
    private static func row(_ receipt: String) -> String {
        let entry = receipt.dropFirst("OK ".count)
        return "= " + (entry.range(of: " tree=").map { entry[..<$0.lowerBound] } ?? entry)
    }
}
