import GavelCore
import Synchronization

/// Failed AUTHs per client address over the last ten minutes (PROTOCOL.md, "Session"): after the third
/// the failure replies are delayed, the tenth ends the connection, and from then on, while ten failures
/// are inside the window, the address is locked out: its AUTHs are refused without a look at the token.
final class AuthFailureTracker: Sendable {
    static let windowMs: Int64 = 600_000
    static let failuresBeforeDelay = 3
    static let failuresBeforeDisconnect = 10
    /// Each failure past the third waits this much longer than the one before.
    static let delayStepMs: Int64 = 250
    /// Addresses remembered before those with no failure in the window are forgotten, so that failures
    /// from many addresses cannot grow the table without bound.
    static let addressesBeforePruning = 10_000

    enum Verdict: Equatable {
        case answer(delayMs: Int64)
        case disconnect
    }

    private let failures = Mutex<[String: [Timestamp]]>([:])

    /// Addresses remembered now (tests).
    var addressCount: Int { failures.withLock { $0.count } }

    /// Whether `address` has `failuresBeforeDisconnect` failures inside the window ending at `now`. A locked
    /// out AUTH is not a failure: it neither extends the lock nor costs a token check.
    func isLockedOut(_ address: String, at now: Timestamp) -> Bool {
        let windowStart = now.millisecondsSinceEpoch - Self.windowMs
        return failures.withLock { failures in
            guard let recent = failures[address], recent.count >= Self.failuresBeforeDisconnect else { return false }
            return recent.allSatisfy { $0.millisecondsSinceEpoch > windowStart }
        }
    }

    /// Counts one failure from `address` at `now` and says how to answer it.
    func recordFailure(from address: String, at now: Timestamp) -> Verdict {
        let count = failures.withLock { failures in
            let windowStart = now.millisecondsSinceEpoch - Self.windowMs
            var recent = (failures[address] ?? []).filter { $0.millisecondsSinceEpoch > windowStart }
            recent.append(now)
            // Past the disconnect count every further failure gets the same verdict: keep no more.
            if recent.count > Self.failuresBeforeDisconnect { recent.removeFirst() }
            failures[address] = recent
            if failures.count > Self.addressesBeforePruning {
                failures = failures.filter { $0.value.last.map { $0.millisecondsSinceEpoch > windowStart } ?? false }
            }
            return recent.count
        }
        if count >= Self.failuresBeforeDisconnect { return .disconnect }
        guard count > Self.failuresBeforeDelay else { return .answer(delayMs: 0) }
        return .answer(delayMs: Int64(count - Self.failuresBeforeDelay) * Self.delayStepMs)
    }
}
