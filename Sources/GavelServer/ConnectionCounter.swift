import GavelCore
import Metrics
import Synchronization

/// How many connections are open now, in all and per client address, shared by every event loop: the one
/// place that admits or refuses a connection. Mirrored in `gauge` when given.
final class ConnectionCounter: Sendable {
    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())
    private let gauge: Meter?

    init(gauge: Meter? = nil) {
        self.gauge = gauge
    }

    var current: Int { counts.withLock { $0.total } }

    /// Counts a new connection from `address`, or says which limit it would exceed (and counts nothing).
    func admit(address: String, maxTotal: Int, maxPerAddress: Int) -> GavelError? {
        let refusal: GavelError? = counts.withLock { counts in
            guard counts.total < maxTotal else { return .tooManyConnections(limit: maxTotal) }
            let fromAddress = counts.byAddress[address, default: 0]
            guard fromAddress < maxPerAddress else {
                return .tooManyConnections(limit: maxPerAddress, fromOneAddress: true)
            }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            return nil
        }
        if refusal == nil { gauge?.increment() }
        return refusal
    }

    func release(address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = remaining > 0 ? remaining : nil
        }
        gauge?.decrement()
    }
}
