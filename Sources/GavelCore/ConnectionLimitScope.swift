/// Which connection limit a refused connection met.
public enum ConnectionLimitScope: Hashable, Sendable {
    /// `max_connections`.
    case all
    /// `max_connections_per_ip`.
    case oneAddress
    /// `max_unauthenticated_connections`.
    case unauthenticated
    /// `max_unauthenticated_connections_per_ip`.
    case unauthenticatedFromOneAddress
}
