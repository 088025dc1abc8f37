import GavelCore

/// A round opened for the run, as the bidders aim at it.
struct LoadRound: Hashable, Sendable {
    let id: RoundID
    /// From the OPEN reply's `closes=`: bids after it get `ROUND_CLOSED`, as they should.
    let closesAtMs: Int64
}
