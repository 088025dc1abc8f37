import GavelCore
import GavelEntry
import Testing

@testable import GavelServer

@Suite("Records kept in memory")
struct LiveRecordsTests {
    /// Folds events into a state and the records the engine would keep, settling each as committed.
    private struct Fold {
        let rules = AuctionRules()
        var state = AuctionState()
        var head = LedgerHead.empty
        var live = LiveRecords()
        var at = Timestamp(millisecondsSinceEpoch: 1_795_536_000_000)

        @discardableResult
        mutating func commit(_ event: Event) throws -> LedgerRecord {
            let salt = event.kind.isSalted ? Salt(hex: String(repeating: "5a", count: Salt.byteCount)) : nil
            let entry = Entry(seq: head.seq + 1, at: at, event: event, salt: salt)
            try state.apply(entry)
            let record = LedgerRecord(entry: entry, prev: head.hash)
            head = try head.advanced(by: record)
            live.insert(record)
            live.settle(record, in: state)
            return record
        }

        mutating func bid(_ bidder: BidderName, _ round: RoundID, dollars: Int64) throws -> LedgerRecord {
            try commit(
                rules.bid(.id(round), amount: Money(dollars: dollars), ref: nil, by: bidder, at: at, in: state).event)
        }
    }

    @Test("only the live bids of open rounds stay; replaced, withdrawn and finished rounds' bids leave")
    func keepsLiveBidsOnly() throws {
        var fold = Fold()
        let (acme, globex) = (try BidderName(parsing: "acme"), try BidderName(parsing: "globex"))
        for name in [acme, globex] {
            try fold.commit(
                .bidder(Event.BidderAdded(bidder: name, role: .bidder, verified: true, tokenSHA256: "\(name)")))
        }
        let request = { (handle: String) in
            OpenRequest(
                handle: try Handle(parsing: handle), reserve: Money(dollars: 10_000),
                closing: .after(milliseconds: 60_000))
        }
        let open = try fold.commit(fold.rules.open(try request("open"), at: fold.at, in: fold.state))
        try fold.commit(fold.rules.open(try request("closing"), at: fold.at, in: fold.state))
        let (openRound, closingRound) = (RoundID(1), RoundID(2))
        let replaced = try fold.bid(acme, openRound, dollars: 11_000)
        let acmeLive = try fold.bid(acme, openRound, dollars: 12_000)
        let withdrawn = try fold.bid(globex, openRound, dollars: 13_000)
        try fold.commit(
            fold.rules.withdraw(.id(openRound), ref: nil, by: globex, at: fold.at, in: fold.state).event)
        let closingBid = try fold.bid(globex, closingRound, dollars: 14_000)
        #expect(fold.live[closingBid.entry.seq] == closingBid)
        try fold.commit(fold.rules.close(closingRound, at: fold.at, in: fold.state).event(bidsSHA256: "-"))

        #expect(fold.live.count == 1)
        #expect(fold.live[acmeLive.entry.seq] == acmeLive)
        for gone in [open, replaced, withdrawn, closingBid] { #expect(fold.live[gone.entry.seq] == nil) }
    }
}

extension Decision {
    /// The event a test's decision records.
    fileprivate var event: Event {
        guard case .record(let event) = self else { preconditionFailure("the test expects a new entry") }
        return event
    }
}
