/// Invariant 10, one writer, as a value: whether this gaveld may record, decided from what it learns
/// about the PostgreSQL advisory lock (``WriterLockKey``) on the connection it commits on. No I/O here:
/// the ledger's worker reports what it saw and does what the answer says.
///
/// A writer that loses its connection records nothing until it holds the lock again; it may then go on
/// only if nobody took the lock meanwhile (the claim's epoch is the one it wrote) and the ledger still
/// ends where it left it. Anything else means another process wrote or could have: it steps down.
public struct WriterLock: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Not yet holding the lock: a standby, or a writer still starting.
        case waiting
        /// Holding the lock on the live connection, under the claim with this epoch.
        case writing(epoch: Int64)
        /// The connection that held the lock is gone; the epoch is the claim this process wrote.
        case lost(epoch: Int64)
        /// Another process took over or may have; this one never records again.
        case steppedDown(reason: String)
    }

    /// What the worker must do after an observation.
    public enum Outcome: Sendable, Equatable {
        /// Record the claim with this epoch (and this key) on the locked connection, then record entries.
        case write(epoch: Int64)
        /// Another process holds the lock: keep waiting (say who, once).
        case wait(holder: String)
        /// Stop recording for good and stop serving (one log line: the reason).
        case stepDown(reason: String)
        /// Refuse to take over at all: the ledger was last signed with another key.
        case refuse(reason: String)
    }

    /// The key this process signs receipts with (base64 SPKI, as `PUBKEY` shows it).
    public let publicKey: String
    /// Keys the ledger may have been signed with before ours: ours and the ones it replaced.
    public let acceptedKeys: Set<String>
    public private(set) var state: State = .waiting

    public init(publicKey: String, retiredKeys: [String] = []) {
        self.publicKey = publicKey
        acceptedKeys = Set(retiredKeys + [publicKey])
    }

    /// Whether an entry may be committed now.
    public var mayRecord: Bool {
        if case .writing = state { return true }
        return false
    }

    /// The lock was taken on a fresh connection. `claim` is the newest claim in the database (nil when no
    /// writer ever claimed it); `ledgerUnchanged` says whether the ledger still ends where this process
    /// last committed (ignored when it never wrote).
    public mutating func tookLock(claim: WriterClaim?, ledgerUnchanged: Bool) -> Outcome {
        switch state {
        case .waiting:
            if let refusal = refusal(claim: claim) { return refusal }
            let epoch = (claim?.epoch ?? 0) + 1
            state = .writing(epoch: epoch)
            return .write(epoch: epoch)
        case .lost(let epoch):
            guard claim?.epoch == epoch else {
                return stepDown("another gaveld took the writer lock while this one was cut off")
            }
            guard ledgerUnchanged else {
                return stepDown("the ledger moved on while this gaveld was cut off from PostgreSQL")
            }
            state = .writing(epoch: epoch + 1)
            return .write(epoch: epoch + 1)
        case .writing(let epoch):
            return .write(epoch: epoch)
        case .steppedDown(let reason):
            return .stepDown(reason: reason)
        }
    }

    /// `.refuse` when the ledger was last signed with a key this process may not take over from: checked
    /// at takeover, and by a standby while it waits, so a wrong key shows when it starts, not at failover.
    public func refusal(claim: WriterClaim?) -> Outcome? {
        guard let claim, !acceptedKeys.contains(claim.publicKey) else { return nil }
        return .refuse(
            reason: "the ledger was last signed with receipt key \(claim.publicKey), this gaveld has"
                + " \(publicKey); copy the writer's key files here")
    }

    /// Another session holds the lock.
    public mutating func lockHeld(by holder: String) -> Outcome {
        switch state {
        case .waiting:
            return .wait(holder: holder)
        case .writing, .lost:
            return stepDown("the writer lock is held by \(holder)")
        case .steppedDown(let reason):
            return .stepDown(reason: reason)
        }
    }

    /// The connection that held the lock failed or was closed.
    public mutating func connectionLost() {
        if case .writing(let epoch) = state { state = .lost(epoch: epoch) }
    }

    private mutating func stepDown(_ reason: String) -> Outcome {
        state = .steppedDown(reason: reason)
        return .stepDown(reason: reason)
    }
}
