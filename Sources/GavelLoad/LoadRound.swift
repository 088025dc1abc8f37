public import GavelCore

/// A round opened for the run, as the bidders aim at it.
public struct LoadRound: Hashable, Sendable {
    public let id: RoundID
    /// From the OPEN reply's `closes=`: bids after it get `ROUND_CLOSED`, as they should.
    public let closesAtMs: Int64
}
