/// The protocol's rules as pure functions: each takes the state and the time, and returns the event
/// to record or the typed error the protocol names. Nothing here changes the state; `apply` does.
public struct AuctionRules: Sendable {
    public let config: AuctionConfig

    public init(config: AuctionConfig = AuctionConfig()) {
        self.config = config
    }

    /// The round a BID or WITHDRAW names: by id, or the handle's open or scheduled round.
    public func resolve(_ reference: RoundReference, in state: AuctionState) throws(GavelError) -> Round {
        switch reference {
        case .id(let id):
            guard let round = state.round(id) else { throw .notFound("no round \(id)") }
            return round
        case .handle(let handle):
            guard let id = state.handles[handle]?.pendingRound, let round = state.round(id) else {
                throw .notFound("handle \(handle) has no open or scheduled round")
            }
            return round
        }
    }

    /// The round by id, or `NOT_FOUND`.
    public func round(_ id: RoundID, in state: AuctionState) throws(GavelError) -> Round {
        try resolve(.id(id), in: state)
    }
}
