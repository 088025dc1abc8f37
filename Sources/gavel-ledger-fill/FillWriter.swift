import Foundation
import GavelCore
import GavelCrypto
import GavelEntry
import GavelLedger

/// Folds generated events into the state, chains their records and writes each as a COPY row.
struct FillWriter {
    private let total: Int64
    private let treeSize: Int64
    private let bidderCount: Int
    private let rules = AuctionRules()
    private var state = AuctionState()
    private var head = LedgerHead.empty
    private var at: Timestamp
    private var names: [BidderName] = []
    private var output: [UInt8] = []
    private var salts = SaltPool()

    init(entries: Int64, treeSize: Int64, bidders: Int) throws {
        total = entries
        self.treeSize = treeSize
        bidderCount = bidders
        // One millisecond per entry, ending a day ago: every round is long closed when gaveld starts.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        at = Timestamp(millisecondsSinceEpoch: now - 86_400_000 - entries)
    }

    var remaining: Int64 { total - head.seq }

    mutating func addBidders() throws {
        for _ in 0..<bidderCount { try addBidder() }
    }

    mutating func addBidder() throws {
        let name = try BidderName(parsing: "fill-\(names.count + 1)")
        let token = SHA256.hexDigest(Array("gavel-ledger-fill token \(names.count + 1)".utf8))
        try append(.bidder(Event.BidderAdded(bidder: name, role: .bidder, verified: true, tokenSHA256: token)))
        names.append(name)
    }

    /// Opens a round, places `bids` bids from bidders drawn at random (a bidder drawn twice replaces its
    /// bid), and closes it with its `bids_sha256`.
    mutating func runRound(bids: Int) throws {
        let id = state.nextRoundID
        let handle = try Handle(parsing: "fill\(id.value)")
        let reserve = Money(dollars: 10_000)
        try append(
            .open(
                Event.RoundOpened(
                    round: id, handle: handle, format: id.value % 2 == 0 ? .second : .first, reserve: reserve,
                    reserveVisibility: .public, opens: at, closes: at.adding(milliseconds: 86_400_000))))
        var hashes: [Int64: String] = [:]
        for _ in 0..<bids {
            let bidder = names.randomElement()!
            let amount = Money(cents: reserve.cents + Int64.random(in: 0..<10_000_000))
            let replaces = state.round(id)?.liveBids[bidder]?.seq
            let event = Event.bid(
                Event.BidPlaced(
                    round: id, handle: handle, bidder: bidder, amount: amount, ref: nil, replaces: replaces))
            let record = try append(event)
            hashes[record.entry.seq] = record.hash
        }
        let plan = try rules.close(id, at: at, in: state)
        try append(plan.event(bidsSHA256: LedgerRecord.bidsSHA256(plan.result.countedSeqs.map { hashes[$0]! })))
    }

    @discardableResult
    private mutating func append(_ event: Event) throws -> LedgerRecord {
        let salt = event.kind.isSalted ? try salts.next() : nil
        let entry = Entry(seq: head.seq + 1, at: at, event: event, salt: salt)
        try state.apply(entry)
        let record = LedgerRecord(entry: entry, prev: head.hash)
        head = try head.advanced(by: record)
        at = at.adding(milliseconds: 1)
        write(record)
        return record
    }

    /// One row in COPY's text format: tab-separated, `\N` for NULL (nothing here needs escaping: lines
    /// are ASCII without tabs or backslashes).
    private mutating func write(_ record: LedgerRecord) {
        let seq = record.entry.seq
        let first = (seq - 1) / treeSize * treeSize + 1
        let last = min(first + treeSize - 1, total)
        let row = LedgerRow(record.entry.event)
        let fields: [String?] = [
            String(seq), record.entry.at.description, record.entry.event.kind.rawValue, record.line, record.hash,
            row.round.map { String($0.value) }, row.bidder?.name, row.handle?.name,
            row.amount.map { String($0.cents) }, String(first), String(last),
        ]
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "\t")) }
            output.append(contentsOf: (field ?? "\\N").utf8)
        }
        output.append(UInt8(ascii: "\n"))
        if output.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(output))
        output.removeAll(keepingCapacity: true)
    }
}
