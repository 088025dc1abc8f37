import NIOCore
import Synchronization

/// What all connections of a run share: when it ends, how many commands it may still send, and the
/// running counts the progress line reads. Atomics only, so no connection waits for another.
final class RunControl: Sendable {
    let startNs: UInt64
    let deadlineNs: UInt64
    let maxRequests: Int
    private let claimed = Atomic<Int>(0)
    private let replied = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)

    init(durationSeconds: Int, maxRequests: Int) {
        startNs = NIODeadline.now().uptimeNanoseconds
        deadlineNs = startNs + UInt64(durationSeconds) * 1_000_000_000
        self.maxRequests = maxRequests
    }

    /// Takes one command from the run's budget; `false` once it is spent.
    func claimRequest() -> Bool {
        claimed.wrappingAdd(1, ordering: .relaxed).newValue <= maxRequests
    }

    func countReply(failed isFailure: Bool) {
        replied.wrappingAdd(1, ordering: .relaxed)
        if isFailure { failed.wrappingAdd(1, ordering: .relaxed) }
    }

    var repliesSoFar: Int { replied.load(ordering: .relaxed) }
    var failuresSoFar: Int { failed.load(ordering: .relaxed) }
}
