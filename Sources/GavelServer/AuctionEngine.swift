import DequeModule
import GavelCore
import GavelCrypto
import GavelEntry
import GavelWire
import Logging
import NIOCore

/// The one owner of the auction state. Every method runs on `loop`: commands are decided against the
/// in-memory state, their entries go to the ledger (group commit), and a reply leaves only once what
/// it shows is committed. Memory holds the live state (DESIGN.md invariant 11): reads of entries of
/// finished rounds and older entries go to the ledger.
///
/// `@unchecked Sendable`: all mutable state is confined to `loop`; every entry point asserts it.
final class AuctionEngine: @unchecked Sendable {
    let loop: any EventLoop
    let rules: AuctionRules
    let ledger: any Ledger
    let signer: ReceiptSigner
    let clock: any WallClock
    let logger: Logger
    let connections: ConnectionCounter
    let metrics: ServerMetrics
    /// Round timers fire on this grid; see `ServerConfiguration.timerPrecisionMs`.
    let timerPrecisionMs: Int64
    let background = BackgroundExecutor()

    var state = AuctionState()
    var salts = SaltPool()
    /// The records in flight and those the live state needs; the rest are read back from the ledger.
    var liveRecords = LiveRecords()
    /// The receipt tree of every committed entry.
    var trees = CommittedTrees()
    /// The trees signed lately, so a commit's receipts share one signature.
    var signedTrees = SignedTreeCache()
    /// The newest entry handed to the ledger; the next one chains from it.
    var head = LedgerHead.empty
    /// Commits in flight, reads waiting for them, recovery, a broken ledger, shutdown.
    var commits = CommitBookkeeping<CommitWaiter, EventLoopPromise<Void>>()
    /// Entries recorded in this pass of the loop, handed to the ledger together at its end.
    var unsentRecords: [LedgerRecord] = []
    var watchers: Watchers
    /// Scheduled rounds whose OPENED has not been announced yet.
    var unannouncedOpens: Set<RoundID> = []
    var timer: Scheduled<Void>?

    init(
        loop: any EventLoop, rules: AuctionRules, ledger: any Ledger, signer: ReceiptSigner, clock: any WallClock,
        connections: ConnectionCounter, metrics: ServerMetrics, timerPrecisionMs: Int64, maxWatches: Int,
        logger: Logger
    ) {
        precondition(timerPrecisionMs > 0, "timer precision must be positive")
        self.loop = loop
        self.rules = rules
        self.ledger = ledger
        self.signer = signer
        self.clock = clock
        self.connections = connections
        self.metrics = metrics
        self.timerPrecisionMs = timerPrecisionMs
        watchers = Watchers(maxPerSession: maxWatches)
        self.logger = logger
    }

    /// The time decisions use: the clock, but never before the newest entry, so `at` never decreases.
    var now: Timestamp { max(clock.now(), state.lastAt) }

    /// The account a token's SHA-256 belongs to.
    func account(forTokenSHA256 digest: String) -> Account? {
        loop.preconditionInEventLoop()
        return state.account(forTokenSHA256: digest)
    }

    /// Answers a command of an authenticated actor; session-level commands never reach here.
    func execute(_ command: Command, by actor: Actor, session: SessionLink) -> EventLoopFuture<Reply> {
        loop.preconditionInEventLoop()
        do {
            return try dispatch(command, by: actor, session: session)
        } catch {
            return refusal(error)
        }
    }

    /// An `ERR` decided against the state shows that state as much as a read does (`ROUND_CLOSED` after a
    /// `CLOSE` in flight): it waits for the same commits, and is `UNAVAILABLE` if one of them fails.
    func refusal(_ error: GavelError) -> EventLoopFuture<Reply> {
        do {
            return try afterCommits().map { .failure(error) }
        } catch {
            return loop.makeSucceededFuture(.failure(error))
        }
    }

    private func dispatch(_ command: Command, by actor: Actor, session: SessionLink) throws(GavelError)
        -> EventLoopFuture<Reply>
    {
        switch command {
        case .bid(let reference, let amount, let ref):
            return try receipt(for: rules.bid(reference, amount: amount, ref: ref, by: actor.name, at: now, in: state))
        case .withdraw(let reference, let ref):
            return try receipt(for: rules.withdraw(reference, ref: ref, by: actor.name, at: now, in: state))
        case .close(let id):
            let plan = try rules.close(id, at: now, in: state)
            return try receipt(for: .record(plan.event(bidsSHA256: try bidsSHA256(plan.result.countedSeqs))))
        case .cancel(let id, let reason):
            return try receipt(for: .record(rules.cancel(id, reason: reason, at: now, in: state)))
        case .extend(let id, let milliseconds):
            return try receipt(for: .record(rules.extend(id, byMilliseconds: milliseconds, at: now, in: state)))
        case .open(let request):
            let event = try rules.open(request, at: now, in: state)
            guard case .open(let opened) = event else { throw .internal("open gave another event") }
            let committed = try record(event)
            let reply = Reply.opened(try rules.round(opened.round, in: state), at: now)
            return committed.map { reply }
        case .inquire(let handle):
            let (availability, event) = rules.inquire(handle, by: actor, in: state)
            let committed = if let event { try record(event) } else { try afterCommits() }
            return committed.map { .inquiry(handle, availability) }
        default:
            return try administer(command, by: actor, session: session)
        }
    }

    /// The commands that change accounts, handles and payments, and the reads.
    private func administer(_ command: Command, by actor: Actor, session: SessionLink) throws(GavelError)
        -> EventLoopFuture<Reply>
    {
        switch command {
        case .bidderAdd(let name, let verified, let role):
            let token = try Self.newToken()
            let event = try rules.addBidder(
                name, role: role, verified: verified, tokenSHA256: SHA256.hexDigest(Array(token.utf8)), in: state)
            return try record(event).map { .bidderAdded(name, token: token) }
        case .bidderVerify(let name), .bidderSuspend(let name):
            let verified = if case .bidderVerify = command { true } else { false }
            let event = try rules.setVerified(name, verified, in: state)
            return try record(event).map { .verification(Event.BidderVerification(bidder: name, verified: verified)) }
        case .handleSet(let handle, let status):
            return try record(rules.setStatus(status, of: handle)).map {
                .handleStatus(Event.HandleStatusSet(handle: handle, status: status))
            }
        case .settle(let id):
            let event = try rules.settle(id, at: now, in: state)
            guard case .settle(let settled) = event else { throw .internal("settle gave another event") }
            return try record(event).map { .settled(settled) }
        case .transfer(let id):
            let event = try rules.transfer(id, in: state)
            guard case .transfer(let transferred) = event else { throw .internal("transfer gave another event") }
            return try record(event).map { .transferred(transferred) }
        case .ledgerVerify:
            return verifyLedger()
        default:
            return try read(command, by: actor, session: session)
        }
    }

    /// Reads: answered once the state they saw is committed, from memory or, for entries memory no longer
    /// holds, from the ledger.
    private func read(_ command: Command, by actor: Actor, session: SessionLink) throws(GavelError)
        -> EventLoopFuture<Reply>
    {
        let reply: Reply
        switch command {
        case .rounds(let filter):
            let now = now
            reply = .rounds(state.rounds.lazy.filter { filter.includes($0, at: now) }, at: now)
        case .round(let id):
            reply = .round(try rules.round(id, in: state), at: now)
        case .myBids(let id):
            return try entries(rules.liveBids(of: actor.name, round: id, in: state))
        case .bids(let id):
            return try entries(rules.bids(of: id, in: state))
        case .receipt(let seq):
            return try receipt(seq: seq, for: actor)
        case .proof(let id):
            return try proof(of: id)
        case .watch(let target):
            if case .round(let id) = target { _ = try rules.round(id, in: state) }
            try watchers.add(session, for: target)
            reply = .watching(target)
        case .invoice:
            reply = .invoice(rules.invoice(for: actor.name, in: state))
        case .inquiries:
            reply = .inquiries(rules.pendingInquiries(in: state))
        case .stats:
            return try stats()
        default:
            throw .internal("\(command.word.rawValue) is not an engine command")
        }
        return try afterCommits().map { reply }
    }

    /// MYBIDS and BIDS: the entries' lines, once the state they were chosen from is committed.
    private func entries(_ seqs: [Int64]) throws(GavelError) -> EventLoopFuture<Reply> {
        try afterCommits().flatMap { [self] in committedRecords(seqs) }.map { .entries($0.map(\.line)) }
    }

    /// RECEIPT: the access rules look at the entry as read from the ledger once everything the state has
    /// seen is committed, even when memory holds it. Every answer so waits for the same commits and one
    /// read of one entry: how long it takes does not tell a rival's live bid (held in memory) from a
    /// replaced one or an entry of another kind, nor (the head is read in its place) a seq past the
    /// ledger's end, whose text is a rival entry's too.
    private func receipt(seq: Int64, for actor: Actor) throws(GavelError) -> EventLoopFuture<Reply> {
        let isPastTheEnd = seq > state.lastSeq
        let readSeq = isPastTheEnd ? state.lastSeq : seq
        return try afterCommits().flatMap { [self] in readLedger([readSeq]) }.flatMap { [self] read in
            do throws(GavelError) {
                guard !isPastTheEnd, let record = read.first else { throw .notFound("no such receipt") }
                try rules.checkReceiptAccess(to: record.entry.event, by: actor, in: state)
                return receipt(of: record)
            } catch {
                return refusal(error)
            }
        }
    }

    private func proof(of id: RoundID) throws(GavelError) -> EventLoopFuture<Reply> {
        let (bidSeqs, closeSeq) = try rules.proof(of: id, in: state)
        return try afterCommits().flatMap { [self] in
            committedRecords(bidSeqs + [closeSeq]).and(signedTree(containing: closeSeq)).map { records, tree in
                let bids = records.dropLast().map { (seq: $0.entry.seq, hashHex: $0.hash) }
                return .proof(bids: bids, closeEntry: records.last!.line, proof: tree.proof(ofSeq: closeSeq))
            }
        }
    }

    /// The `bids_sha256` of a close: the counted bids are live, so their records are in memory.
    func bidsSHA256(_ seqs: [Int64]) throws(GavelError) -> String {
        var hashes: [String] = []
        for seq in seqs {
            guard let record = liveRecords[seq] else { throw .internal("live bid seq=\(seq) is not in memory") }
            hashes.append(record.hash)
        }
        return LedgerRecord.bidsSHA256(hashes)
    }

    private static func newToken() throws(GavelError) -> String {
        do {
            return try SecureRandom.randomToken()
        } catch {
            throw .internal("no randomness for a token: \(error)")
        }
    }

    /// A bidder's BID or WITHDRAW whose arguments were refused: the receipt of the entry `ref` recorded
    /// if the bidder used it before, `refusal` otherwise.
    func repeatReceipt(ref: IdempotencyRef, by actor: Actor, otherwise refusal: GavelError)
        -> EventLoopFuture<Reply>
    {
        loop.preconditionInEventLoop()
        guard let seq = state.refs[AuctionState.RefKey(bidder: actor.name, ref: ref)] else {
            return self.refusal(refusal)
        }
        do {
            return try signedReceipt(seq: seq)
        } catch {
            return self.refusal(error)
        }
    }

    /// Forgets a closed connection's subscriptions.
    func disconnected(_ session: SessionLink) {
        loop.preconditionInEventLoop()
        watchers.remove(session)
    }
}
