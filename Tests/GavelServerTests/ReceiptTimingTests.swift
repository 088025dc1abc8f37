import Testing

/// How long a RECEIPT takes must not say what its text does not: each answer waits for one read of one
/// entry from the ledger, whether memory holds the entry (a live bid) or not (a replaced bid, an entry
/// of another kind), and whether the seq is in the ledger at all (past its end, the head is read).
@Suite("RECEIPT: one ledger read for every answer")
struct ReceiptTimingTests {
    @Test("a rival's live bid, its replaced one, a seq past the end, SEALED: one read each; a receipt: a read first")
    func oneReadEach() async throws {
        let ledger = CountingReadLedger()
        let harness = try await ServerHarness.start(ledger: ledger)
        let admin = try harness.admin()
        let rival = try harness.bidder("rival", via: admin)
        let asker = try harness.bidder("asker", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let replaced = try rival.call("BID @acme 20000")
        let live = try rival.call("BID @acme 30000")
        let own = try asker.call("BID @acme 25000")
        let replacedSeq = try Self.seq(of: replaced)
        #expect(live.field("replaces") == String(replacedSeq))
        let notFound = "ERR NOT_FOUND no such receipt"

        let asked: [(seq: Int64, answer: String?)] = [
            (try Self.seq(of: live), notFound),
            (replacedSeq, notFound),
            (replacedSeq + 1_000, notFound),
            (try Self.seq(of: own), own),
            // The round's open entry, just before the first bid: its receipt, whoever asks.
            (replacedSeq - 1, nil),
        ]
        for (seq, answer) in asked {
            let (before, foundBefore) = (ledger.readCount, ledger.foundCount)
            let reply = try asker.call("RECEIPT \(seq)")
            if let answer {
                #expect(reply == answer)
            } else {
                #expect(reply.field("kind") == "open")
            }
            // A refusal is one read of one entry (past the end, the head's) and nothing else; a receipt may
            // read its tree's other entries too.
            let (reads, found) = (ledger.readCount - before, ledger.foundCount - foundBefore)
            if answer == notFound {
                #expect(reads == 1 && found == 1, "RECEIPT \(seq): \(reads) reads found \(found) entries")
            } else {
                #expect(reads >= 1, "RECEIPT \(seq) answered without reading the ledger")
            }
        }
        // An auctioneer's SEALED for a bid of an open round, live or replaced: one read of one entry too.
        for seq in [try Self.seq(of: live), replacedSeq] {
            let (before, foundBefore) = (ledger.readCount, ledger.foundCount)
            #expect(try admin.call("RECEIPT \(seq)").hasPrefix("ERR SEALED "))
            #expect(ledger.readCount == before + 1 && ledger.foundCount == foundBefore + 1)
        }
        await harness.stop()
    }

    static func seq(of receipt: String) throws -> Int64 {
        try #require(receipt.field("seq").flatMap { Int64($0) }, "\(receipt)")
    }
}
