import GavelClient
import GavelCore
import GavelCrypto
import GavelEntry
import Testing

/// Receipts v2 against a live server: salts hide what a rival could otherwise compute from the hashes it
/// is shown, and a sealed entry's RECEIPT says nothing about which round it is in.
@Suite("Receipts: salts, sealed entries and what a rival sees")
struct ReceiptPrivacyTests {
    @Test("the loser's PROOF, receipts and RECEIPT of the open and close hold nothing of the winner's line")
    func rivalLearnsNothing() async throws {
        let harness = try await ServerHarness.start(label: "receipts_rival")
        let admin = try harness.admin()
        let winner = try harness.bidder("winner", via: admin)
        let loser = try harness.bidder("loser", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        // Back to back, no ref: the loser's prev= is the winner's hash.
        let won = try winner.call("BID @acme 43217.35")
        let lost = try loser.call("BID @acme 12000")
        let winnerSalt = try #require(won.field("salt"))
        #expect(winnerSalt.utf8.count == 32 && lost.field("salt") != winnerSalt)
        #expect(lost.field("prev") == won.field("hash"))
        let closed = try admin.call("CLOSE 1")
        #expect(closed.field("winner") == "winner")

        let openSeq = try #require(Int64(won.field("seq") ?? "")) - 1
        var loserViews = [lost, try loser.call("RECEIPT \(openSeq)")]
        loserViews += try loser.listing("PROOF 1")
        loserViews.append(try loser.call("RECEIPT \(closed.field("seq") ?? "")"))
        loserViews.append(try loser.call("RECEIPT \(won.field("seq") ?? "")"))
        loserViews += try loser.listing("MYBIDS")
        #expect(loserViews[1].field("kind") == "open")
        #expect(loserViews.last(where: { $0.hasPrefix("ERR") }) == "ERR NOT_FOUND no such receipt")
        // Past the head the reply is the same, so asking does not tell a bidder where the ledger ends.
        #expect(
            try loser.call("RECEIPT \((Int64(closed.field("seq") ?? "") ?? 0) + 1)") == "ERR NOT_FOUND no such receipt")
        // The close shows the price (here the winner's amount, first price) by design; the salt stays hidden.
        for view in loserViews {
            #expect(!view.contains(winnerSalt), "the loser sees the winner's salt in \(view)")
        }
        // Every one of those receipts verifies, so the loser still gets all it is owed.
        for view in loserViews where view.hasPrefix("OK v=1 ") {
            #expect(throws: Never.self) { try Receipt(parsing: view).verify(publicKey: harness.key.publicKey) }
        }
        // After close the auctioneer may read the winner's entry, salt and all: the same receipt bytes.
        #expect(try admin.call("RECEIPT \(won.field("seq") ?? "")") == won)
        await harness.stop()
    }

    @Test("an auctioneer's RECEIPT of any sealed bid or withdrawal is one and the same reply, naming no round")
    func sealedRepliesAreIdentical() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        let globex = try harness.bidder("globex", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        _ = try admin.call("OPEN @globex reserve=10000 duration=1h")
        var sealedSeqs = [
            try acme.call("BID 1 20000"), try globex.call("BID 2 21000"), try acme.call("BID 2 22000"),
            try acme.call("WITHDRAW 2"),
        ].compactMap { $0.field("seq") }
        #expect(sealedSeqs.count == 4)
        let replies = try sealedSeqs.map { try admin.call("RECEIPT \($0)") }
        #expect(Set(replies) == ["ERR SEALED this entry is sealed until its round closes"])
        _ = try admin.call("CLOSE 1")
        sealedSeqs.removeFirst()
        #expect(try admin.call("RECEIPT \(sealedSeqs[0])").hasPrefix("ERR SEALED this entry"))
        #expect(try admin.call("RECEIPT 5").hasPrefix("OK v=1 seq=5 "))
        await harness.stop()
    }

    @Test("a bidder's RECEIPT of a secret-reserve open is SEALED until that round closes; a public one is not")
    func secretReserveOpenIsSealed() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=123456.78 reserve_visibility=secret duration=1h")
        _ = try admin.call("OPEN @globex reserve=10000 duration=1h")
        let secretOpen = try admin.call("RECEIPT 2")
        #expect(secretOpen.field("kind") == "open" && secretOpen.field("reserve") == "123456.78")
        #expect(try acme.call("RECEIPT 2") == "ERR SEALED this entry is sealed until its round closes")
        #expect(try acme.call("RECEIPT 3").field("reserve") == "10000.00")
        _ = try admin.call("CLOSE 1")
        #expect(try acme.call("RECEIPT 2") == secretOpen)
        await harness.stop()
    }

    @Test("every open, bid and withdraw the server records has its own 128-bit salt; other kinds have none")
    func everySaltedEntryHasAFreshSalt() async throws {
        let ledger = InMemoryLedger()
        let harness = try await ServerHarness.start(ledger: ledger)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        for amount in [20000, 20001, 20002] { _ = try acme.call("BID 1 \(amount)") }
        _ = try acme.call("WITHDRAW 1")
        _ = try admin.call("CLOSE 1")
        let records = ledger.records(after: 0, limit: 100)
        let salted = records.filter { $0.entry.event.kind.isSalted }
        #expect(salted.count == 5)
        #expect(salted.allSatisfy { $0.entry.salt != nil && $0.line.contains(" salt=\($0.entry.salt!.hex) prev=") })
        #expect(Set(salted.compactMap(\.entry.salt)).count == salted.count)
        #expect(records.filter { !$0.entry.event.kind.isSalted }.allSatisfy { $0.entry.salt == nil })
        await harness.stop()
    }
}
