public import GavelCore

/// The server's settings as plain values, from which `gaveld` builds the server's `ServerConfiguration`, so
/// that resolving settings needs nothing of the server. Each property is the configuration's property of the
/// same name, with the same default; `Config/README.md` documents them under their configuration keys.
public struct ServerSettings: Sendable, Hashable {
    public var host = "127.0.0.1"
    public var port = 7070
    /// Where `GET /metrics` answers; nil serves no metrics.
    public var metricsListen: HostPort?
    public var maxLineBytes = 4096
    public var maxConnections = 10_000
    public var maxConnectionsPerIP = 1_000
    public var maxUnauthenticatedConnections = 1_000
    public var maxUnauthenticatedConnectionsPerIP = 100
    public var authTimeoutMs: Int64 = 10_000
    public var idleTimeoutMs: Int64 = 600_000
    public var lineTimeoutMs: Int64 = 10_000
    public var maxOutputBufferBytes = 1_048_576
    public var slowReaderTimeoutMs: Int64 = 30_000
    public var maxCommandsPerSecond: Int64 = 10_000
    public var maxPipelinedCommands = 1_000
    public var fairBatch = 64
    public var maxWatches = 1_000
    public var eventLoopThreads = 1
    public var signerThreads = 1
    public var timerPrecisionMs: Int64 = 10
    public var auction = AuctionConfig()
    public var allowBrokenLedger = false

    public init() {}
}
