import GavelCore
import GavelWire

/// Chooses each connection's next BID: mostly the next round in turn with a new ref and an
/// increasing amount, a share aimed at the previous bid's round (a replacement), and a share
/// repeating an earlier ref (an idempotent retry, whose reply is known in advance).
struct BidMix: Sendable {
    /// Receipts kept for retries; older ones are forgotten.
    static let recentCapacity = 64
    /// 10,000.00, the default reserve: every bid is at or above it.
    static let baseAmountCents: Int64 = 1_000_000

    private let refPrefix: String
    private let rounds: [LoadRound]
    private let burst: Bool
    private let sameRoundShare: Double
    private let retryShare: Double
    private var random: SplitMix64
    private var sequence: Int64 = 0
    private var rotation: Int
    private var previousRound: LoadRound?
    private var recent: [(ref: IdempotencyRef, round: LoadRound, signedLine: String)] = []
    /// In a burst, how many of `rounds` (in closing order) a `ROUND_CLOSED` reply showed closed.
    private var closedCount = 0
    private var recentNext = 0

    init(runID: String, connection: Int, rounds: [LoadRound], options: LoadOptions) {
        precondition(!rounds.isEmpty, "a run has at least one round")
        refPrefix = "\(runID)-\(connection)-"
        self.rounds = rounds
        burst = options.burst
        sameRoundShare = options.sameRoundShare
        retryShare = options.retryShare
        random = SplitMix64(seed: UInt64.random(in: .min ... .max))
        rotation = connection % rounds.count
    }

    mutating func next() -> PlannedBid {
        sequence += 1
        let amount = Money(cents: Self.baseAmountCents + sequence)
        let draw = random.nextUnit()
        if draw < retryShare, !recent.isEmpty {
            let earlier = recent[Int(random.next() % UInt64(recent.count))]
            return PlannedBid(
                command: .bid(.id(earlier.round.id), amount: amount, ref: earlier.ref),
                kind: .retry(expectedLine: earlier.signedLine), round: earlier.round, ref: earlier.ref)
        }
        let kind: PlannedBid.Kind
        let round: LoadRound
        if draw < retryShare + sameRoundShare, let previousRound {
            (kind, round) = (.sameRound, previousRound)
        } else {
            (kind, round) = (.rotating, nextRound())
        }
        previousRound = round
        // Built from checked characters (run id, digits, dashes), so it is always a valid ref.
        let ref = try! IdempotencyRef(parsing: refPrefix + String(sequence))
        return PlannedBid(command: .bid(.id(round.id), amount: amount, ref: ref), kind: kind, round: round, ref: ref)
    }

    /// Keeps a successful bid's receipt for later retries of its ref.
    mutating func remember(_ bid: PlannedBid, signedLine: String) {
        let entry = (bid.ref, bid.round, signedLine)
        if recent.count < Self.recentCapacity {
            recent.append(entry)
        } else {
            recent[recentNext] = entry
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }

    /// A `ROUND_CLOSED` reply for a bid on `round`: in a burst, bids move on to the round closing after it.
    mutating func roundClosed(_ round: LoadRound) {
        guard let index = rounds.firstIndex(where: { $0.id == round.id }) else { return }
        closedCount = max(closedCount, index + 1)
    }

    /// In a burst the round closing next, until a reply shows it closed (the last one once all have): so
    /// bids meet each close whatever the clocks, as late bids meet a real one; otherwise the rounds in turn.
    private mutating func nextRound() -> LoadRound {
        if burst { return rounds[min(closedCount, rounds.count - 1)] }
        rotation = (rotation + 1) % rounds.count
        return rounds[rotation]
    }
}
