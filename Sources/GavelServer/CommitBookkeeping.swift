import DequeModule
import GavelCore

/// The engine's bookkeeping of commits as a value: the entries in flight, the reads waiting for the
/// commits they depend on (invariant 9), the recovery after a failed commit, a ledger found broken at
/// start, and shutdown. No I/O and no event loop: `AuctionEngine` reports what happened and completes the
/// waiters it is handed. Generic over the waiters (an entry's, a read's) so that tests need no promises.
struct CommitBookkeeping<Waiter, ReadWaiter> {
    /// The newest seq the ledger has committed.
    private(set) var committedSeq: Int64 = 0
    /// Entries handed to the ledger and not yet answered, in seq order.
    private(set) var inFlight: Deque<(seq: Int64, waiter: Waiter)> = []
    /// Replies computed from state that is not yet committed, oldest first.
    private(set) var waitingReads: Deque<(version: Int64, waiter: ReadWaiter)> = []
    /// A commit failed: nothing is recorded or read until the state is rebuilt from the ledger.
    private(set) var isRecovering = false
    /// Set when the server was started on a broken ledger: the first broken seq. Nothing is recorded, as an
    /// entry chained onto a broken ledger would extend it.
    private(set) var brokenAtSeq: Int64?
    /// Once set, no timer is armed again.
    private(set) var isShuttingDown = false

    /// What the failure of one in-flight entry's commit sets off.
    struct Failure {
        /// The failed entry's waiter.
        let waiter: Waiter
        /// Reads that were waiting: with the state ahead of the ledger, none of them can be answered.
        let refusedReads: [ReadWaiter]
    }

    /// Why nothing may be recorded now; nil when an entry may be.
    var recordingRefusal: GavelError? {
        if let brokenAtSeq { return .internal("ledger broken at seq=\(brokenAtSeq); nothing can be recorded") }
        if isRecovering { return .unavailable("the ledger is recovering from an outage; retry") }
        return nil
    }

    /// Whether the state must now be rebuilt from the ledger: a commit failed and every commit is answered.
    var needsRebuild: Bool { isRecovering && inFlight.isEmpty }

    /// The state was (re)built from the ledger, which ends at `seq`: recording and reads resume.
    mutating func adopted(headSeq seq: Int64, brokenAt brokenSeq: Int64? = nil) {
        precondition(inFlight.isEmpty, "the state is rebuilt only once every commit is answered")
        committedSeq = seq
        isRecovering = false
        if let brokenSeq { brokenAtSeq = brokenSeq }
    }

    /// An entry went to the ledger; `waiter` hears of its commit.
    mutating func recorded(seq: Int64, waiter: Waiter) {
        precondition(recordingRefusal == nil, "nothing is recorded while recording is refused")
        precondition(seq > (inFlight.last?.seq ?? committedSeq), "entries go to the ledger in seq order")
        inFlight.append((seq, waiter))
    }

    /// A read of the state at `version`: nil when that is committed already (answer now), otherwise the
    /// waiter made by `makeWaiter`, to be completed once it is. Refused while recovering.
    mutating func read(upTo version: Int64, makeWaiter: () -> ReadWaiter) throws(GavelError) -> ReadWaiter? {
        if isRecovering { throw .unavailable("the ledger is recovering from an outage; retry") }
        if version <= committedSeq { return nil }
        let waiter = makeWaiter()
        waitingReads.append((version, waiter))
        return waiter
    }

    /// The entry `seq` is committed: its waiter, to be completed before the reads `takeReadyRead` then
    /// hands out. No array per commit: this is on every BID's path.
    mutating func committed(seq: Int64) -> Waiter {
        guard let first = inFlight.first, first.seq == seq else {
            preconditionFailure("the ledger completes commits in seq order")
        }
        inFlight.removeFirst()
        committedSeq = seq
        return first.waiter
    }

    /// The oldest waiting read that now sees only committed state; nil when none does.
    mutating func takeReadyRead() -> ReadWaiter? {
        guard let read = waitingReads.first, read.version <= committedSeq else { return nil }
        return waitingReads.removeFirst().waiter
    }

    /// The entry `seq` could not be committed: recovery begins (once), and the waiting reads are refused.
    /// While an earlier commit is in doubt the ledger refuses later ones at once, so a failure may overtake
    /// an entry still in flight.
    mutating func failed(seq: Int64) -> Failure {
        guard let index = inFlight.firstIndex(where: { $0.seq == seq }) else {
            preconditionFailure("a commit finished that was never started")
        }
        let waiter = inFlight.remove(at: index).waiter
        let wasRecovering = isRecovering
        isRecovering = true
        var refused: [ReadWaiter] = []
        if !wasRecovering {
            refused = waitingReads.map(\.waiter)
            waitingReads.removeAll()
        }
        return Failure(waiter: waiter, refusedReads: refused)
    }

    /// Shutdown: no timer is armed again; the newest entry in flight, whose answer means all are answered.
    mutating func shutDown() -> Waiter? {
        isShuttingDown = true
        return inFlight.last?.waiter
    }
}
