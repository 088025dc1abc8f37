import GavelCore
import GavelEntry
import Testing

/// Builds chained records from decided events, as the server will.
struct Chain {
    var world = ChainWorld()
    var records: [LedgerRecord] = []
    var head = LedgerHead.empty
    /// Whether open, bid and withdraw entries carry a salt, as the server writes them now; a chain without
    /// is one written before salts existed.
    var isSalted = true

    mutating func append(_ event: Event) throws {
        // A fixed salt per seq keeps the chain the same on every run.
        let salt =
            isSalted && event.kind.isSalted
            ? Salt(hex: String(repeating: String((head.seq + 1) % 16, radix: 16), count: 2 * Salt.byteCount)) : nil
        let entry = Entry(seq: head.seq + 1, at: world.now, event: event, salt: salt)
        try world.state.apply(entry)
        let record = LedgerRecord(entry: entry, prev: head.hash)
        records.append(record)
        head = try head.advanced(by: record)
    }

    /// Closes a round with `bids_sha256` computed from the counted bids' hashes.
    mutating func close(_ round: RoundID) throws {
        let plan = try world.rules.close(round, at: world.now, in: world.state)
        let hashes = plan.result.countedSeqs.map { records[Int($0) - 1].hash }
        try append(plan.event(bidsSHA256: LedgerRecord.bidsSHA256(hashes)))
    }

    /// A small auction: two bidders, a replaced bid, a withdrawal, a sold and a cancelled round.
    static func sample(salted: Bool = true) throws -> Chain {
        var chain = Chain()
        chain.isSalted = salted
        let rules = chain.world.rules
        for name in ["acme", "globex", "initech"] {
            try chain.append(
                rules.addBidder(
                    try BidderName(parsing: name), role: .bidder, verified: true,
                    tokenSHA256: String(repeating: String(name.first!.asciiValue! % 10), count: 64),
                    in: chain.world.state))
        }
        let request = OpenRequest(
            handle: try Handle(parsing: "acme"), reserve: Money(dollars: 10_000), closing: .after(milliseconds: 60_000),
            format: .second)
        try chain.append(rules.open(request, at: chain.world.now, in: chain.world.state))
        for (name, dollars) in [("acme", 12_000), ("globex", 15_000), ("acme", 16_000), ("initech", 11_000)] {
            let decision = try rules.bid(
                .id(RoundID(1)), amount: Money(dollars: Int64(dollars)), ref: nil, by: try BidderName(parsing: name),
                at: chain.world.now, in: chain.world.state)
            guard case .record(let event) = decision else { throw LedgerError.malformed(seq: nil, "no event") }
            try chain.append(event)
        }
        let withdrawal = try rules.withdraw(
            .id(RoundID(1)), ref: nil, by: try BidderName(parsing: "initech"), at: chain.world.now,
            in: chain.world.state)
        guard case .record(let event) = withdrawal else { throw LedgerError.malformed(seq: nil, "no event") }
        try chain.append(event)
        chain.world.now = chain.world.now.adding(milliseconds: 60_000)
        try chain.close(RoundID(1))
        return chain
    }
}

struct ChainWorld {
    var state = AuctionState()
    let rules = AuctionRules()
    var now = Timestamp(rfc3339: "2026-11-24T16:00:00.000Z")!
}

@Suite("Ledger replay and verification")
struct LedgerVerifierTests {
    @Test("append then replay returns the same records, and the verifier accepts them")
    func replayAndVerify() async throws {
        let chain = try Chain.sample()
        let ledger = InMemoryLedger()
        try await ledger.append(Array(chain.records.prefix(5)))
        try await ledger.append(Array(chain.records.dropFirst(5)))
        var replayed: [LedgerRecord] = []
        for try await record in ledger.replay(pageSize: 3) { replayed.append(record) }
        #expect(replayed == chain.records)
        let report = try await LedgerVerifier.verify(ledger)
        #expect(report.entries == Int64(chain.records.count))
        #expect(report.head == chain.head)
        guard case .close(let closed) = chain.records.last?.entry.event else {
            Issue.record("the sample ends with a close")
            return
        }
        #expect(closed.award?.winner.name == "acme")
        #expect(closed.award?.price == Money(dollars: 15_000))
        #expect(closed.bids == 2)
    }

    @Test("an append that does not continue the chain is refused and records nothing")
    func refusesForeignChain() async throws {
        let chain = try Chain.sample()
        let ledger = InMemoryLedger()
        await #expect(throws: LedgerError.self) { try await ledger.append(Array(chain.records.dropFirst())) }
        #expect(ledger.head() == .empty)
    }

    @Test("the verifier names the first record whose close does not match its bids")
    func forgedClose() async throws {
        var chain = try Chain.sample()
        chain.records.removeLast()
        let last = chain.records.last!
        let forged = Event.close(
            .init(
                round: RoundID(1), handle: try Handle(parsing: "acme"), bids: 2,
                bidsSHA256: String(repeating: "0", count: 64),
                award: Award(winner: try BidderName(parsing: "acme"), price: Money(dollars: 15_000))))
        let record = LedgerRecord(
            entry: Entry(seq: last.entry.seq + 1, at: last.entry.at, event: forged), prev: last.hash)
        var verifier = LedgerVerifier()
        for earlier in chain.records { try verifier.check(earlier) }
        #expect(
            throws: LedgerError.broken(seq: record.entry.seq, "bids_sha256 is not the hash of the round's counted bids")
        ) {
            try verifier.check(record)
        }
    }

    @Test("a wrong price in a close is broken at that seq even with a correct bids_sha256")
    func forgedPrice() throws {
        let chain = try Chain.sample()
        var records = chain.records
        let close = records.removeLast()
        guard case .close(var closed) = close.entry.event else { return }
        closed.award = Award(winner: closed.award!.winner, price: Money(dollars: 16_000))
        let forged = LedgerRecord(
            entry: Entry(seq: close.entry.seq, at: close.entry.at, event: .close(closed)), prev: close.prev)
        var verifier = LedgerVerifier()
        for record in records { try verifier.check(record) }
        #expect {
            try verifier.check(forged)
        } throws: { error in
            guard case LedgerError.broken(let seq, _) = error else { return false }
            return seq == close.entry.seq
        }
    }
}
