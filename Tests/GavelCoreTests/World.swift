import GavelCore

/// A ledger-less harness: decides with the rules, appends events with the next seq and a fake clock.
struct World {
    var state = AuctionState()
    var rules: AuctionRules
    var now = Timestamp(rfc3339: "2026-11-24T16:00:00.000Z")!
    var entries: [Entry] = []

    init(config: AuctionConfig = AuctionConfig()) {
        rules = AuctionRules(config: config)
    }

    @discardableResult
    mutating func record(_ event: Event) throws -> Entry {
        let entry = Entry(seq: state.lastSeq + 1, at: now, event: event)
        try state.apply(entry)
        entries.append(entry)
        return entry
    }

    /// Records a decision; a repeated ref answers the earlier entry.
    @discardableResult
    mutating func record(_ decision: Decision) throws -> Entry {
        switch decision {
        case .record(let event): return try record(event)
        case .repeatReceipt(let seq): return entries[Int(seq) - 1]
        }
    }

    mutating func advance(seconds: Int64) {
        now = now.adding(milliseconds: seconds * 1000)
    }

    @discardableResult
    mutating func addBidder(_ name: String, verified: Bool = true, role: Role = .bidder) throws -> BidderName {
        let bidder = try BidderName(parsing: name)
        try record(
            rules.addBidder(
                bidder, role: role, verified: verified, tokenSHA256: String(repeating: "0", count: 48) + name.padded,
                in: state))
        return bidder
    }

    @discardableResult
    mutating func open(
        _ handle: String, reserveDollars: Int64 = 10_000, durationSeconds: Int64 = 3600,
        opensInSeconds: Int64? = nil, format: RoundFormat = .first, visibility: ReserveVisibility = .public
    ) throws -> RoundID {
        let request = OpenRequest(
            handle: try Handle(parsing: handle), reserve: Money(dollars: reserveDollars),
            closing: .after(milliseconds: durationSeconds * 1000),
            opens: opensInSeconds.map { now.adding(milliseconds: $0 * 1000) }, format: format,
            reserveVisibility: visibility)
        let event = try rules.open(request, at: now, in: state)
        try record(event)
        guard case .open(let opened) = event else { fatalError("open gives an open event") }
        return opened.round
    }

    @discardableResult
    mutating func bid(_ bidder: String, _ round: RoundID, dollars: Int64, cents: Int64 = 0, ref: String? = nil)
        throws -> Entry
    {
        try record(
            rules.bid(
                .id(round), amount: Money(cents: dollars * 100 + cents),
                ref: ref.map { try IdempotencyRef(parsing: $0) },
                by: try BidderName(parsing: bidder), at: now, in: state))
    }

    @discardableResult
    mutating func close(_ round: RoundID) throws -> Entry {
        let plan = try rules.close(round, at: now, in: state)
        return try record(plan.event(bidsSHA256: String(repeating: "a", count: 64)))
    }
}

extension String {
    /// Sixteen characters, so test token digests are 64 hex-like characters and distinct per name.
    fileprivate var padded: String {
        String((self + String(repeating: "0", count: 16)).prefix(16))
    }
}

/// Runs `body` and returns the protocol error code it threw, or `nil` when it did not throw.
func errorCode(_ body: () throws -> Void) -> ErrorCode? {
    do {
        try body()
        return nil
    } catch let error as GavelError {
        return error.code
    } catch {
        return nil
    }
}
