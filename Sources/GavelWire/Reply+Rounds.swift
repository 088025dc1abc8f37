import GavelCore

// Replies that show rounds and handles: ROUND, OPEN, ROUNDS and INQUIRE.
extension Reply {
    /// `ROUND`.
    public static func round(_ round: Round, at now: Timestamp) -> Reply {
        .ok(Fields(round: round, at: now))
    }

    /// `OPEN`, once its entry is committed.
    public static func opened(_ round: Round, at now: Timestamp) -> Reply {
        .ok(Fields(opened: round, at: now))
    }

    /// `ROUNDS`: one row per round given (the caller filters with `RoundsFilter`), then `OK count=N`.
    public static func rounds(_ rounds: some Sequence<Round>, at now: Timestamp) -> Reply {
        .listing(rounds.map { Fields(roundsRow: $0, at: now) })
    }

    /// `INQUIRE`: `OK handle= status=`, with `round= closes=` for an auction, `round=` once sold and
    /// `owner=` once transferred.
    public static func inquiry(_ handle: Handle, _ availability: HandleAvailability) -> Reply {
        var fields: Fields = ["handle": handle, "status": availability.status]
        switch availability {
        case .auction(let round, let closes):
            fields.append("round", round)
            fields.append("closes", closes)
        case .sold(let round):
            fields.append("round", round)
        case .transferred(let owner):
            fields.append("owner", owner)
        case .available, .unavailable, .pending, .unknown:
            break
        }
        return .ok(fields)
    }
}
