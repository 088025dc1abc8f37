public import GavelCore

/// Why the ledger could not do what was asked.
public enum LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A line that is not a canonical entry: a missing, extra or misplaced field, or a bad value.
    case malformed(seq: Int64?, String)
    /// The chain is broken at `seq`: a wrong `prev`, a `hash` that is not the line's, a gap in seq.
    case broken(seq: Int64, String)
    /// PostgreSQL could not commit or be read; nothing of the failed batch is recorded.
    case unavailable(String)
    /// The connection died during a commit and the ledger stopped before it could learn whether the
    /// commit happened. The caller must not answer `ERR`: the entry may be in the ledger.
    case inDoubt(String)
    /// This process may not record: another holds the writer lock, or the ledger was signed with
    /// another receipt key (invariant 10).
    case notWriter(String)

    public var description: String {
        switch self {
        case .malformed(let seq?, let reason): "ledger entry seq=\(seq) is malformed: \(reason)"
        case .malformed(nil, let reason): "ledger entry is malformed: \(reason)"
        case .broken(let seq, let reason): "ledger broken at seq=\(seq): \(reason)"
        case .unavailable(let reason): "ledger unavailable: \(reason)"
        case .inDoubt(let reason): "ledger commit in doubt: \(reason)"
        case .notWriter(let reason): "not the writer: \(reason)"
        }
    }

    /// How the failure reaches a client: an outage is `UNAVAILABLE`, a broken ledger `INTERNAL`.
    /// An in-doubt commit has no reply at all (the server closes the connection instead); when it must be
    /// named, it is `UNAVAILABLE` without the promise that nothing was recorded.
    public var gavelError: GavelError {
        switch self {
        case .unavailable: .unavailable("the ledger could not commit; nothing was recorded, retry")
        case .inDoubt: .unavailable("the ledger stopped during a commit; retry with the same ref")
        case .notWriter: .unavailable("this server is not the writer; try another address")
        case .broken(let seq, _): .internal("ledger broken at seq=\(seq)")
        case .malformed(let seq, _): .internal("ledger broken at seq=\(seq.map(String.init) ?? "?")")
        }
    }
}
