import GavelCore

/// What `WATCH` follows: every round, one handle's rounds (including ones not opened yet), or one round.
public enum WatchTarget: Hashable, Sendable, CustomStringConvertible {
    case all
    case handle(Handle)
    case round(RoundID)

    /// The `watching=` value: `all`, `@<handle>`, or the round id.
    public var description: String {
        switch self {
        case .all: "all"
        case .handle(let handle): "@" + handle.name
        case .round(let id): id.description
        }
    }
}
