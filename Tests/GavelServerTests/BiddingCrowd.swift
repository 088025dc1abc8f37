import Foundation
import Synchronization

/// What one bidding client saw: receipts by ref, the `ERR` line of each refused ref, and the refs it sent
/// without getting an answer (the server died, or closed the connection over an in-doubt commit).
struct BidOutcomes: Sendable {
    var receipts: [String: String] = [:]
    var refused: [String: String] = [:]
    var unanswered: Set<String> = []

    mutating func merge(_ other: BidOutcomes) {
        receipts.merge(other.receipts) { old, _ in old }
        refused.merge(other.refused) { old, _ in old }
        unanswered.formUnion(other.unanswered)
    }
}

/// Many clients bidding with refs on their own threads until stopped or cut off: the load of the fault
/// tests. Each client is one bidder, with refs `<label>-<bidder index>-<attempt>` unique across crowds.
final class BiddingCrowd: Sendable {
    /// A bound on each client's bids, so no loop runs unbounded even if nothing stops it.
    static let maximumBidsPerClient = 100_000
    /// The pause after an `ERR` or a lost connection, so a client does not spin through an outage.
    static let pauseAfterFailureMs: UInt32 = 20
    /// The pause after a receipt: enough load to have bids in flight at any moment, not so much that the
    /// tests running beside this one starve.
    static let pauseAfterReceiptMs: UInt32 = 20

    let port: Int
    let tokens: [String]
    let round: Int
    let label: String
    /// Whether a client whose connection is cut connects again (outage) or stops (the server was killed).
    let reconnects: Bool
    private let outcomes: Mutex<[BidOutcomes]>
    /// The clients still bidding, and the waiters to resume when none is.
    private let running = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let stopping = Atomic<Bool>(false)

    init(port: Int, tokens: [String], round: Int, label: String, reconnects: Bool) {
        self.port = port
        self.tokens = tokens
        self.round = round
        self.label = label
        self.reconnects = reconnects
        outcomes = Mutex([BidOutcomes](repeating: BidOutcomes(), count: tokens.count))
    }

    func start() {
        for index in tokens.indices {
            running.withLock { $0.count += 1 }
            Thread { [self] in
                bid(as: index)
                let waiters = running.withLock { running in
                    running.count -= 1
                    guard running.count == 0 else { return [CheckedContinuation<Void, Never>]() }
                    defer { running.waiters = [] }
                    return running.waiters
                }
                for waiter in waiters { waiter.resume() }
            }.start()
        }
    }

    /// Asks every client to stop after its current bid and waits until all have.
    func stop() async {
        stopping.store(true, ordering: .sequentiallyConsistent)
        await waitUntilFinished()
    }

    /// Waits until every client has ended, e.g. cut off by a killed server. Each client's reads time out
    /// after LineClient's timeout, which bounds this wait.
    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let finished = running.withLock { running in
                if running.count == 0 { return true }
                running.waiters.append(continuation)
                return false
            }
            if finished { continuation.resume() }
        }
    }

    /// Each client's outcomes so far, by bidder index.
    var seen: [BidOutcomes] { outcomes.withLock { $0 } }

    /// Everything every client saw, merged.
    var all: BidOutcomes {
        seen.reduce(into: BidOutcomes()) { $0.merge($1) }
    }

    private func bid(as index: Int) {
        var attempt = 0
        while attempt < Self.maximumBidsPerClient, !stopping.load(ordering: .sequentiallyConsistent) {
            guard let client = connect(token: tokens[index]) else {
                guard reconnects else { return }
                usleep(Self.pauseAfterFailureMs * 1000)
                continue
            }
            while attempt < Self.maximumBidsPerClient, !stopping.load(ordering: .sequentiallyConsistent) {
                let ref = "\(label)-\(index)-\(attempt)"
                attempt += 1
                outcomes.withLock { _ = $0[index].unanswered.insert(ref) }
                guard let reply = try? client.call("BID \(round) \(10_000 + attempt) ref=\(ref)") else { break }
                outcomes.withLock { outcomes in
                    outcomes[index].unanswered.remove(ref)
                    if reply.hasPrefix("OK") {
                        outcomes[index].receipts[ref] = reply
                    } else {
                        outcomes[index].refused[ref] = reply
                    }
                }
                usleep((reply.hasPrefix("OK") ? Self.pauseAfterReceiptMs : Self.pauseAfterFailureMs) * 1000)
            }
            guard reconnects else { return }
        }
    }

    private func connect(token: String) -> LineClient? {
        guard let client = try? LineClient(port: port), (try? client.readLine()) != nil,
            (try? client.call("AUTH \(token)"))?.hasPrefix("OK") == true
        else { return nil }
        return client
    }
}
