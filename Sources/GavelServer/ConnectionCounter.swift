import GavelCore
import Metrics
import Synchronization

/// How many connections are open now, in all and per client address, and how many of them have not
/// authenticated yet, shared by every event loop: the one place that admits or refuses a connection.
/// Connections that have not authenticated have a budget of their own, so that clients which never
/// authenticate cannot take the places of those that do. Mirrored in `gauge` when given.
final class ConnectionCounter: Sendable {
    struct Limits: Hashable, Sendable {
        var maxTotal: Int
        var maxPerAddress: Int
        var maxUnauthenticated: Int
        var maxUnauthenticatedPerAddress: Int
    }

    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
        var unauthenticated = 0
        var unauthenticatedByAddress: [String: Int] = [:]
    }

    /// One admitted connection: released once, whether or not it authenticated.
    final class Ticket: Sendable {
        let address: String
        fileprivate let isAuthenticated = Atomic<Bool>(false)
        fileprivate let isReleased = Atomic<Bool>(false)

        fileprivate init(address: String) {
            self.address = address
        }
    }

    private let counts = Mutex(Counts())
    private let gauge: Meter?

    init(gauge: Meter? = nil) {
        self.gauge = gauge
    }

    var current: Int { counts.withLock { $0.total } }

    /// Connections open now that have not authenticated.
    var unauthenticated: Int { counts.withLock { $0.unauthenticated } }

    /// Counts a new connection from `address` as not yet authenticated, or says which limit it would exceed
    /// (and counts nothing).
    func admit(address: String, limits: Limits) -> Result<Ticket, GavelError> {
        let refusal: GavelError? = counts.withLock { counts in
            let fromAddress = counts.byAddress[address, default: 0]
            let unauthenticatedFromAddress = counts.unauthenticatedByAddress[address, default: 0]
            if counts.total >= limits.maxTotal { return .tooManyConnections(limit: limits.maxTotal) }
            if fromAddress >= limits.maxPerAddress {
                return .tooManyConnections(limit: limits.maxPerAddress, scope: .oneAddress)
            }
            if counts.unauthenticated >= limits.maxUnauthenticated {
                return .tooManyConnections(limit: limits.maxUnauthenticated, scope: .unauthenticated)
            }
            if unauthenticatedFromAddress >= limits.maxUnauthenticatedPerAddress {
                return .tooManyConnections(
                    limit: limits.maxUnauthenticatedPerAddress, scope: .unauthenticatedFromOneAddress)
            }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            counts.unauthenticated += 1
            counts.unauthenticatedByAddress[address] = unauthenticatedFromAddress + 1
            return nil
        }
        if let refusal { return .failure(refusal) }
        gauge?.increment()
        return .success(Ticket(address: address))
    }

    /// The connection authenticated: it leaves the unauthenticated budget (once, however often it AUTHs).
    /// A ticket's flags change under the counts' lock only, so a release and an AUTH never both count.
    func authenticated(_ ticket: Ticket) {
        counts.withLock { counts in
            guard !ticket.isReleased.load(ordering: .relaxed), !ticket.isAuthenticated.load(ordering: .relaxed)
            else { return }
            ticket.isAuthenticated.store(true, ordering: .relaxed)
            counts.unauthenticated -= 1
            Self.decrement(&counts.unauthenticatedByAddress, ticket.address)
        }
    }

    func release(_ ticket: Ticket) {
        let released: Bool = counts.withLock { counts in
            guard !ticket.isReleased.load(ordering: .relaxed) else { return false }
            ticket.isReleased.store(true, ordering: .relaxed)
            counts.total -= 1
            Self.decrement(&counts.byAddress, ticket.address)
            if !ticket.isAuthenticated.load(ordering: .relaxed) {
                counts.unauthenticated -= 1
                Self.decrement(&counts.unauthenticatedByAddress, ticket.address)
            }
            return true
        }
        if released { gauge?.decrement() }
    }

    private static func decrement(_ counts: inout [String: Int], _ address: String) {
        let remaining = counts[address, default: 1] - 1
        counts[address] = remaining > 0 ? remaining : nil
    }
}
