import Metrics
import Synchronization

/// How many connections are open now, shared by every event loop, and mirrored in `gauge` when given.
final class ConnectionCounter: Sendable {
    private let count = Atomic<Int>(0)
    private let gauge: Meter?

    init(gauge: Meter? = nil) {
        self.gauge = gauge
    }

    var current: Int { count.load(ordering: .relaxed) }

    /// Counts a new connection unless that would exceed `limit`; false means refuse it.
    func admit(limit: Int) -> Bool {
        let after = count.wrappingAdd(1, ordering: .relaxed).newValue
        guard after <= limit else {
            count.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        gauge?.increment()
        return true
    }

    func release() {
        count.wrappingSubtract(1, ordering: .relaxed)
        gauge?.decrement()
    }
}
