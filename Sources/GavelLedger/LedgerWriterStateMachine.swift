/// The ledger writer's bookkeeping as a value: the appends queued for the next commit, and whether an
/// append may wait for a commit at all (invariant 7: refusals are fast). No I/O, no locks, no clock of
/// its own: ``LedgerWorker`` reports what happened, with the time, and carries out what the answer says.
struct LedgerWriterStateMachine {
    enum Condition: Equatable {
        /// Commits go to a live connection (holding the writer lock, when there is one).
        case writable
        /// The connection is lost, or the lock is not held again yet: appends are refused until it is.
        case disconnected
        /// A commit's outcome is unknown until PostgreSQL can be read again.
        case inDoubt
        /// Another process is the writer now; this one never records again.
        case steppedDown(reason: String)
    }

    /// Appends whose answer is a refusal, and why.
    struct Refused {
        let appends: [PendingAppend]
        let reason: String
    }

    /// Appends queued behind a commit this old are refused rather than held: the commit is stuck.
    let stallLimit: Duration
    let maximumBatchRecords: Int
    private(set) var condition = Condition.writable
    /// Shutting down: what is queued is still committed, nothing new is taken.
    private(set) var isStopping = false
    private(set) var queue: [PendingAppend] = []
    /// When the commit now running started; nil between commits.
    private(set) var commitStartedAt: ContinuousClock.Instant?

    init(stallLimit: Duration, maximumBatchRecords: Int) {
        precondition(maximumBatchRecords > 0, "a batch holds at least one record")
        self.stallLimit = stallLimit
        self.maximumBatchRecords = maximumBatchRecords
    }

    /// Why an append cannot wait for a commit now; nil when it can.
    func refusal(at now: ContinuousClock.Instant) -> String? {
        if isStopping { return "the ledger is shutting down" }
        switch condition {
        case .steppedDown(let reason): return "this gaveld stepped down: \(reason)"
        case .inDoubt: return "a commit is in doubt"
        case .disconnected: return "no writable PostgreSQL now"
        case .writable:
            if let commitStartedAt, commitStartedAt.duration(to: now) > stallLimit { return "a commit is stuck" }
            return nil
        }
    }

    /// Queues `append` for the next commit; returns the refusal instead when nothing can be committed now.
    mutating func append(_ append: PendingAppend, at now: ContinuousClock.Instant) -> String? {
        if let refusal = refusal(at: now) { return refusal }
        queue.append(append)
        return nil
    }

    /// The watchdog's check: the queued appends, refused, when they could not be committed now (a stuck
    /// commit above all, which would otherwise hold them for its whole timeout).
    mutating func refuseQueued(at now: ContinuousClock.Instant) -> Refused? {
        guard !isStopping, !queue.isEmpty, let reason = refusal(at: now) else { return nil }
        defer { queue.removeAll() }
        return Refused(appends: queue, reason: reason)
    }

    /// The next commit's appends, oldest first and together at most `maximumBatchRecords` records (one
    /// append is never split); nil when none is queued.
    mutating func takeBatch(at now: ContinuousClock.Instant) -> [PendingAppend]? {
        guard !queue.isEmpty else { return nil }
        var records = 0
        var taken = 0
        while taken < queue.count, taken == 0 || records + queue[taken].records.count <= maximumBatchRecords {
            records += queue[taken].records.count
            taken += 1
        }
        defer { queue.removeFirst(taken) }
        commitStartedAt = now
        return Array(queue[..<taken])
    }

    mutating func commitEnded() {
        commitStartedAt = nil
    }

    /// The connection (and the writer lock with it) is gone.
    mutating func connectionLost() {
        if case .writable = condition { condition = .disconnected }
    }

    /// A live connection (holding the lock, when there is one) is back; false when this writer stepped
    /// down and must not record again. A commit in doubt stays in doubt until it is resolved.
    mutating func connected() -> Bool {
        switch condition {
        case .steppedDown: return false
        case .inDoubt: return true
        case .writable, .disconnected:
            condition = .writable
            return true
        }
    }

    /// The connection died during a commit: whether it happened is unknown until PostgreSQL is read again.
    mutating func commitInDoubt() {
        switch condition {
        case .writable, .disconnected: condition = .inDoubt
        case .inDoubt: preconditionFailure("one commit is in doubt at a time")
        case .steppedDown: break
        }
    }

    /// The commit in doubt was found committed or not; a live connection is not known yet.
    mutating func doubtResolved() {
        if case .inDoubt = condition { condition = .disconnected }
    }

    /// Another process is the writer now: the queue is refused, and the first step-down is to be said.
    mutating func stepDown(_ reason: String) -> (refused: Refused, isFirst: Bool) {
        let isFirst = !hasSteppedDown
        condition = .steppedDown(reason: reason)
        defer { queue.removeAll() }
        return (Refused(appends: queue, reason: "this gaveld stepped down: \(reason)"), isFirst)
    }

    /// Stops taking appends; what is queued is still committed.
    mutating func stop() {
        isStopping = true
    }

    var steppedDownReason: String? {
        if case .steppedDown(let reason) = condition { return reason }
        return nil
    }

    var hasSteppedDown: Bool { steppedDownReason != nil }
}
