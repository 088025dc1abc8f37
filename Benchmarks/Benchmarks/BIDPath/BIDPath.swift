import Benchmark
import GavelCore
import GavelCrypto
import GavelEntry
import GavelWire

/// The pure part of one BID, step by step and whole: the line parsed, the bid decided and folded into
/// the state, its entry written and hashed into the chain, its receipt rendered. What gaveld adds around
/// it (sockets, event loops, the ledger, the signature) is measured by scripts/bench.
let benchmarks: @Sendable () -> Void = {
    // A thousand operations per sample, so that the harness's own work per sample (reading its metrics,
    // building each benchmark's market) does not weigh on figures of a few microseconds; results are per
    // operation.
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(2),
        maxIterations: 1_000)

    Benchmark("BID line parsed") { benchmark in
        let line = Array("BID 1 25000.00 ref=bid-42".utf8)
        for _ in benchmark.scaledIterations { blackHole(try Command(parsing: line[...])) }
    }

    Benchmark("BID decided and folded into the state") { benchmark in
        var market = try Market()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try market.bid()) }
    }

    Benchmark("entry line written and chained") { benchmark in
        var market = try Market()
        let entry = try market.bid()
        let prev = String(repeating: "0", count: 64)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(LedgerRecord(entry: entry, prev: prev)) }
    }

    Benchmark("receipt reply rendered") { benchmark in
        var market = try Market()
        let record = LedgerRecord(entry: try market.bid(), prev: String(repeating: "0", count: 64))
        let proof = ReceiptProof(
            tree: "5-12", path: "L" + String(repeating: "ab", count: 32) + ",R" + String(repeating: "cd", count: 32),
            signatureBase64: String(repeating: "A", count: 86) + "==")
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.removeAll(keepingCapacity: true)
            Reply.receipt(entry: record.line, proof: proof).render(into: &buffer)
            blackHole(buffer)
        }
    }

    // The client's share: gavel-load and gavel parse every BID's receipt (gavel-load to count it and
    // audit it later). A receipt of a 32-entry commit has a five-step path.
    Benchmark("receipt reply parsed") { benchmark in
        var market = try Market()
        let record = LedgerRecord(entry: try market.bid(), prev: String(repeating: "0", count: 64))
        let path = (0..<5).map { ($0 % 2 == 0 ? "L" : "R") + String(repeating: "ab", count: 32) }
        let proof = ReceiptProof(
            tree: "5-36", path: path.joined(separator: ","), signatureBase64: String(repeating: "A", count: 86) + "==")
        var buffer: [UInt8] = []
        Reply.receipt(entry: record.line, proof: proof).render(into: &buffer)
        let line = String(decoding: buffer.dropLast(), as: UTF8.self)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try Receipt(parsing: line)) }
    }

    // The writer's share of a BID: one tree per commit, 32 entries being a typical commit at 50
    // connections. Per operation is per tree, so per entry is a 32nd of it.
    Benchmark("receipt tree of a 32-entry commit built") { benchmark in
        let leaves = receiptTreeLeaves(count: 32)
        for _ in benchmark.scaledIterations { blackHole(ReceiptTree(leafHashes: leaves)) }
    }

    Benchmark("receipt tree of a 32-entry commit built and its head signed") { benchmark in
        let leaves = receiptTreeLeaves(count: 32)
        let signer = Ed25519Signer(key: try Ed25519PrivateKey.generate())
        let range = ReceiptTreeRange(first: 1, last: 32)
        for _ in benchmark.scaledIterations {
            blackHole(SignedReceiptTree(range: range, leafHashes: leaves, signer: signer))
        }
    }

    Benchmark("whole pure BID: parse, decide, fold, chain, render") { benchmark in
        var market = try Market()
        let line = Array("BID 1 25000.00 ref=bid-42".utf8)
        let proof = ReceiptProof(tree: "1-1", path: "-", signatureBase64: String(repeating: "A", count: 86) + "==")
        var prev = String(repeating: "0", count: 64)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try Command(parsing: line[...]))
            let record = LedgerRecord(entry: try market.bid(), prev: prev)
            prev = record.hash
            buffer.removeAll(keepingCapacity: true)
            Reply.receipt(entry: record.line, proof: proof).render(into: &buffer)
            blackHole(buffer)
        }
    }
}

/// One open round and a crowd of verified bidders taking turns, each bid replacing the bidder's last.
struct Market {
    static let bidderCount = 50

    var state = AuctionState()
    let rules = AuctionRules()
    let now = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000)
    let bidders: [BidderName]
    let salt = Salt(hex: String(repeating: "5a", count: 16))
    var turn = 0

    init() throws {
        bidders = try (0..<Self.bidderCount).map { try BidderName(parsing: "bidder-\($0)") }
        for (index, bidder) in bidders.enumerated() {
            let digest = String(repeating: "0", count: 56) + String(format8: index)
            try fold(rules.addBidder(bidder, role: .bidder, verified: true, tokenSHA256: digest, in: state))
        }
        let request = OpenRequest(
            handle: try Handle(parsing: "acme"), reserve: Money(dollars: 10_000),
            closing: .after(milliseconds: 3_600_000), opens: nil, format: .first, reserveVisibility: .public)
        try fold(rules.open(request, at: now, in: state))
    }

    /// The next bidder's bid, decided and folded in; its entry.
    mutating func bid() throws -> Entry {
        turn += 1
        let decision = try rules.bid(
            .id(RoundID(1)), amount: Money(cents: 2_500_000 + Int64(turn % 1000)), ref: nil,
            by: bidders[turn % bidders.count], at: now, in: state)
        guard case .record(let event) = decision else { fatalError("a bid without a ref is recorded") }
        return try fold(event)
    }

    @discardableResult
    private mutating func fold(_ event: Event) throws -> Entry {
        let entry = Entry(seq: state.lastSeq + 1, at: now, event: event, salt: event.kind.isSalted ? salt : nil)
        try state.apply(entry)
        return entry
    }
}

extension String {
    /// Eight lower-case hex digits.
    init(format8 value: Int) {
        let hex = String(value, radix: 16)
        self = String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// `count` distinct entry hashes, as a commit's tree has for leaves.
func receiptTreeLeaves(count: Int) -> [String] {
    (0..<count).map { SHA256.hexDigest(Array("entry \($0)".utf8)) }
}
