import GavelCore
import Synchronization

/// Failed AUTHs per client address over the last ten minutes (PROTOCOL.md, "Session"): after the third
/// the failure replies are delayed, and the tenth ends the connection.
final class AuthFailureTracker: Sendable {
    static let windowMs: Int64 = 600_000
    static let failuresBeforeDelay = 3
    static let failuresBeforeDisconnect = 10
    /// Each failure past the third waits this much longer than the one before.
    static let delayStepMs: Int64 = 250

    enum Verdict: Equatable {
        case answer(delayMs: Int64)
        case disconnect
    }

    private let failures = Mutex<[String: [Timestamp]]>([:])

    /// Counts one failure from `address` at `now` and says how to answer it.
    func recordFailure(from address: String, at now: Timestamp) -> Verdict {
        let count = failures.withLock { failures in
            let windowStart = now.millisecondsSinceEpoch - Self.windowMs
            var recent = (failures[address] ?? []).filter { $0.millisecondsSinceEpoch > windowStart }
            recent.append(now)
            failures[address] = recent
            return recent.count
        }
        if count >= Self.failuresBeforeDisconnect { return .disconnect }
        guard count > Self.failuresBeforeDelay else { return .answer(delayMs: 0) }
        return .answer(delayMs: Int64(count - Self.failuresBeforeDelay) * Self.delayStepMs)
    }
}
