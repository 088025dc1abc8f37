public import CoreMetrics
import GavelCore
public import GavelEntry
import GavelWire
import Metrics
import NIOCore
public import Prometheus
import Synchronization

/// Every measurement the server makes, created once at start so that the hot path only increments and
/// records: no labels are built and no registry is searched per command. It is also the ledger's
/// commit observer. Names, types and labels are listed in docs/METRICS.md.
public final class ServerMetrics: Sendable, LedgerCommitObserver {
    static let connectionsName = "gavel_connections"
    static let bidLatencyName = "gavel_bid_latency_seconds"
    static let commitBatchName = "gavel_ledger_commit_batch_records"
    static let commitLatencyName = "gavel_ledger_commit_latency_seconds"
    static let ledgerHeadSeqName = "gavel_ledger_head_seq"
    static let treesSignedName = "gavel_receipt_trees_signed_total"
    static let signingCPUName = "gavel_receipt_signing_cpu_seconds_total"
    static let roundsOpenName = "gavel_rounds_open"
    static let nextCloseName = "gavel_next_close_seconds"

    /// BID latency on one connection is about a millisecond; a commit of one batch a few.
    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(5),
    ]
    /// Powers of two up to `PostgresLedger.defaultMaximumBatchRecords`.
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    /// `gavel_next_close_seconds` while no round is open or scheduled.
    static let noCloseSeconds = -1.0

    /// Where `GET /metrics` reads from; nil when the metrics go to another backend or nowhere.
    let registry: PrometheusCollectorRegistry?
    let connections: Meter
    let commands: CommandCounters
    let bidLatency: CoreMetrics.Timer
    let commitBatchRecords: Recorder
    let commitLatency: CoreMetrics.Timer
    let ledgerHeadSeq: CoreMetrics.Gauge
    let treesSigned: CoreMetrics.Counter
    let signingCPUSeconds: FloatingPointCounter
    let roundsOpen: CoreMetrics.Gauge
    let nextCloseSeconds: CoreMetrics.Gauge
    /// The headline counts `STATS` shows, kept here because a metrics handler cannot be read back.
    private let answeredCommands = Atomic<Int>(0)
    private let committedBatches = Atomic<Int>(0)

    /// Metrics in `registry`, which `GET /metrics` serves, with Gavel's histogram buckets.
    public convenience init(registry: PrometheusCollectorRegistry) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            Self.bidLatencyName: Self.latencyBuckets, Self.commitLatencyName: Self.latencyBuckets,
        ]
        factory.valueHistogramBuckets = [Self.commitBatchName: Self.batchBuckets]
        self.init(factory: factory, registry: registry)
    }

    /// Metrics through any swift-metrics backend (none by default); `STATS` counts either way.
    public convenience init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.init(factory: factory, registry: nil)
    }

    private init(factory: any MetricsFactory, registry: PrometheusCollectorRegistry?) {
        self.registry = registry
        connections = Meter(label: Self.connectionsName, factory: factory)
        commands = CommandCounters(factory: factory)
        bidLatency = CoreMetrics.Timer(label: Self.bidLatencyName, factory: factory)
        commitBatchRecords = Recorder(label: Self.commitBatchName, aggregate: true, factory: factory)
        commitLatency = CoreMetrics.Timer(label: Self.commitLatencyName, factory: factory)
        ledgerHeadSeq = CoreMetrics.Gauge(label: Self.ledgerHeadSeqName, factory: factory)
        treesSigned = CoreMetrics.Counter(label: Self.treesSignedName, factory: factory)
        signingCPUSeconds = FloatingPointCounter(label: Self.signingCPUName, factory: factory)
        roundsOpen = CoreMetrics.Gauge(label: Self.roundsOpenName, factory: factory)
        nextCloseSeconds = CoreMetrics.Gauge(label: Self.nextCloseName, factory: factory)
    }

    /// Commands answered so far, any command, `OK` or `ERR`.
    var commandsAnswered: Int { answeredCommands.load(ordering: .relaxed) }
    /// Group commits the ledger has made since start.
    var commitBatches: Int { committedBatches.load(ordering: .relaxed) }

    /// Counts a reply by its command (nil: the line never became one) and its result code.
    func answered(_ word: CommandWord?, with reply: Reply) {
        let code: ErrorCode? = if case .failure(let error) = reply { error.code } else { nil }
        commands.increment(command: word, code: code)
        answeredCommands.add(1, ordering: .relaxed)
    }

    /// A BID's reply is queued: the time since its line was decoded.
    func bidAnswered(decodedAt decoded: NIODeadline) {
        bidLatency.recordNanoseconds((NIODeadline.now() - decoded).nanoseconds)
    }

    /// The round figures that move with the clock, as of now.
    func roundsChanged(open: Int, nextCloseMs: Int64?) {
        roundsOpen.record(open)
        nextCloseSeconds.record(nextCloseMs.map { Double($0) / 1000 } ?? Self.noCloseSeconds)
    }

    public func ledgerCommitted(trees: [AppendedTree], duration: Duration, signingCPU: Duration) {
        var (records, signed) = (0, 0)
        for tree in trees {
            records += tree.range.leafCount
            if tree.signed != nil { signed += 1 }
        }
        commitBatchRecords.record(records)
        commitLatency.record(duration: duration)
        treesSigned.increment(by: signed)
        let (seconds, attoseconds) = signingCPU.components
        signingCPUSeconds.increment(by: Double(seconds) + Double(attoseconds) / 1e18)
        committedBatches.add(1, ordering: .relaxed)
    }
}
