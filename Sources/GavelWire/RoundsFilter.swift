import GavelCore

/// Which rounds `ROUNDS` lists: those in one state at the time of the command, or all of them.
public enum RoundsFilter: Hashable, Sendable {
    case all
    case state(RoundState)

    /// `ROUNDS` without `state=` lists the open rounds.
    public static let `default` = RoundsFilter.state(.open)

    public func includes(_ round: Round, at now: Timestamp) -> Bool {
        switch self {
        case .all: true
        case .state(let state): round.state(at: now) == state
        }
    }
}
