public import GavelClient

/// What a load run does: the world it sets up, how hard it pushes, and when it stops.
public struct LoadOptions: Sendable {
    public static let maxPipelineDepth = 1_000
    public static let maxRounds = 10_000
    public static let maxBidders = 100_000
    public static let maxConnections = 10_000

    public var address: LoopbackAddress
    /// Further addresses of the same service (`--host a:7070,b:7071`), tried in order after `address`:
    /// a connection that drops or is refused moves on, authenticates again and resends its bids in
    /// flight with the same refs.
    public var fallbackAddresses: [LoopbackAddress] = []
    public var adminToken: String
    /// `--tls` / `--ca-file`: every connection speaks TLS; `nil` is plain TCP.
    public var tls: GavelTLS?
    /// Verified bidders added for the run.
    public var bidders = 100
    /// Bidder connections, each authenticated as bidder `i % bidders`.
    public var connections = 10
    /// Rounds opened for the run.
    public var rounds = 10
    public var durationSeconds = 10
    /// Open loop: commands per second over all connections, sent at their intended times. `nil`: closed loop.
    public var ratePerSecond: Int?
    /// Closed loop: commands each connection keeps in flight.
    public var pipelineDepth = 1
    /// The run also stops after this many commands.
    public var maxRequests = 1_000_000
    /// Rounds close one after another during the run, and the bidders aim at the one closing next.
    public var burst = false
    /// Bids aimed at the round of the connection's previous bid (each one replaces that bid).
    public var sameRoundShare = 0.10
    /// Bids that repeat an earlier ref and must get the earlier receipt back byte for byte.
    public var retryShare = 0.02
    /// Receipts whose signature is verified with the HELLO key after the run.
    public var signatureSampleShare = 0.01
    public var eventLoopThreads = 2
    /// How long to wait for the last replies after the run's end before closing the connections.
    public var drainTimeoutSeconds = 30

    public init(address: LoopbackAddress, adminToken: String) {
        self.address = address
        self.adminToken = adminToken
    }

    /// `address`, then the fallbacks.
    var endpoints: [GavelConnection.Endpoint] {
        ([address] + fallbackAddresses).map { (host: $0.host, port: $0.port) }
    }

    /// Whether connections fail over (more than one address).
    var failsOver: Bool { !fallbackAddresses.isEmpty }

    public func validate() throws(LoadError) {
        try Self.check(bidders, in: 1...Self.maxBidders, "--bidders")
        try Self.check(connections, in: 1...Self.maxConnections, "--connections")
        try Self.check(rounds, in: 1...Self.maxRounds, "--rounds")
        try Self.check(durationSeconds, in: 1...86_400, "--duration")
        try Self.check(pipelineDepth, in: 1...Self.maxPipelineDepth, "--pipeline")
        try Self.check(maxRequests, in: 1...Int(Int32.max), "--requests")
        try Self.check(eventLoopThreads, in: 1...256, "event loop threads")
        if let ratePerSecond { try Self.check(ratePerSecond, in: 1...10_000_000, "--rate") }
        for (share, name) in [(sameRoundShare, "same-round share"), (retryShare, "retry share")]
        where !(0...1).contains(share) {
            throw .invalidOption("\(name) \(share) is not between 0 and 1")
        }
        guard sameRoundShare + retryShare <= 1, (0...1).contains(signatureSampleShare) else {
            throw .invalidOption("shares add up to more than 1")
        }
    }

    private static func check(_ value: Int, in range: ClosedRange<Int>, _ name: String) throws(LoadError) {
        guard range.contains(value) else {
            throw .invalidOption("\(name) \(value) is not within \(range.lowerBound)...\(range.upperBound)")
        }
    }
}
