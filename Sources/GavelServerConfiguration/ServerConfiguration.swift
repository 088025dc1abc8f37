public import GavelCore

/// Everything `gaveld serve` can set, with the protocol's defaults.
public struct ServerConfiguration: Sendable, Hashable {
    /// The address to listen on; loopback unless an operator says otherwise.
    public var host = "127.0.0.1"
    /// 0 asks the system for a free port (tests).
    public var port = 7070
    /// Where `GET /metrics` answers in Prometheus' text format; nil (the default) serves no metrics.
    /// Needs a `ServerMetrics(registry:)`.
    public var metricsListen: ListenAddress?
    /// The longest command line, not counting CR and LF.
    public var maxLineBytes = 4096
    /// Connections beyond this get `ERR TOO_MANY_CONNECTIONS` and are closed.
    public var maxConnections = 10_000
    /// Connections from one client address beyond this get `ERR TOO_MANY_CONNECTIONS` and are closed;
    /// PROTOCOL.md promises at least 1,000.
    public var maxConnectionsPerIP = 1_000
    /// Connections that have not authenticated yet beyond this, in all, get `ERR TOO_MANY_CONNECTIONS` and
    /// are closed: clients that never authenticate cannot take the places of those that do.
    public var maxUnauthenticatedConnections = 1_000
    /// The same from one client address.
    public var maxUnauthenticatedConnectionsPerIP = 100
    /// A connection that has not authenticated by then is closed.
    public var authTimeoutMs: Int64 = 10_000
    /// A connection that sends nothing for this long is closed with `* BYE reason=idle`.
    public var idleTimeoutMs: Int64 = 600_000
    /// A line begun must end (LF) within this, or the connection is closed with `* BYE reason=line_timeout`:
    /// a client dripping bytes resets the idle timeout but not this one.
    public var lineTimeoutMs: Int64 = 10_000
    /// Replies waiting for a connection beyond this, in the server and in the kernel's send buffer
    /// together, make the server stop reading and decoding its lines until the client has read enough.
    public var maxOutputBufferBytes = 1_048_576
    /// A connection that stays unwritable this long is a client that does not read: it is closed.
    public var slowReaderTimeoutMs: Int64 = 30_000
    /// Commands per second one connection may send; more get `ERR RATE_LIMITED`.
    public var maxCommandsPerSecond: Int64 = 10_000
    /// Commands a connection may have in flight before the server stops reading from it.
    public var maxPipelinedCommands = 1_000
    /// Lines of one connection handled before the others get their turn.
    public var fairBatch = 64
    /// Targets one connection may `WATCH`; more get `ERR RATE_LIMITED`.
    public var maxWatches = 1_000
    /// Event-loop threads for connections; the engine runs on the first.
    public var eventLoopThreads = 1
    /// Threads that sign receipts, off the event loops.
    public var signerThreads = 1
    /// Round timers fire on this grid (at most this much after a round's time), so rounds that open or
    /// close within one step are handled by one wake-up. Bids are refused from `closes` on regardless.
    public var timerPrecisionMs: Int64 = 10
    /// The auction rules' settings: reserve floor, bid ceiling, discounts, transfer delay.
    public var auction = AuctionConfig()
    /// Start on a ledger whose chain is broken: serve reads of the sound prefix before the first broken
    /// entry and refuse every command that would record (`ERR INTERNAL`), since an entry chained onto a
    /// broken ledger would extend it. Off by default: a broken ledger stops the server from starting.
    public var allowBrokenLedger = false
    /// Shown in `* HELLO server=gaveld/<version>`.
    public var serverVersion = GavelVersion.current

    public init() {}
}
