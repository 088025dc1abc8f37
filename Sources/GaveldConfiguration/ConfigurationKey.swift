/// One setting of `gaveld`: its name in Config/gaveld.json (dotted when nested), its environment variable,
/// the command-line flag that sets it (if any), and the JSON type the file must give it.
public enum ConfigurationKey: String, CaseIterable, Sendable, Hashable {
    case listen
    case databaseURL = "database_url"
    case dataDir = "data_dir"
    case metricsListen = "metrics_listen"
    case maxLine = "max_line"
    case maxConnections = "max_connections"
    case maxConnectionsPerIP = "max_connections_per_ip"
    case maxUnauthenticatedConnections = "max_unauthenticated_connections"
    case maxUnauthenticatedConnectionsPerIP = "max_unauthenticated_connections_per_ip"
    case authTimeoutMs = "auth_timeout_ms"
    case idleTimeoutMs = "idle_timeout_ms"
    case lineTimeoutMs = "line_timeout_ms"
    case maxOutputBufferBytes = "max_output_buffer_bytes"
    case slowReaderTimeoutMs = "slow_reader_timeout_ms"
    case maxCommandsPerSecond = "max_commands_per_second"
    case maxPipelinedCommands = "max_pipelined_commands"
    case fairBatch = "fair_batch"
    case maxWatches = "max_watches"
    case eventLoopThreads = "event_loop_threads"
    case signerThreads = "signer_threads"
    case timerPrecisionMs = "timer_precision_ms"
    case minReserve = "min_reserve"
    case maxBid = "max_bid"
    case handleTiers = "discounts.handle_tiers"
    case valueTiers = "discounts.value_tiers"
    case transferDueHours = "transfer_due_hours"
    case logLevel = "log_level"
    case tlsCert = "tls_cert"
    case tlsKey = "tls_key"
    case allowBrokenLedger = "allow_broken_ledger"

    /// The bootstrap auctioneer token: environment only, never in a file or on a command line.
    public static let adminTokenEnvironmentVariable = "GAVEL_ADMIN_TOKEN"
    /// Where `gaveld` looks for its configuration file unless `--config` names one.
    public static let defaultFilePath = "Config/gaveld.json"

    /// The environment variable that sets this key: `DATABASE_URL`, `GAVEL_METRICS` (after its flag), or
    /// `GAVEL_` and the key in upper case with dots as underscores (`GAVEL_DISCOUNTS_HANDLE_TIERS`).
    public var environmentVariable: String {
        switch self {
        case .databaseURL: "DATABASE_URL"
        case .metricsListen: "GAVEL_METRICS"
        default: "GAVEL_" + rawValue.uppercased().replacing(".", with: "_")
        }
    }

    /// The flag of `gaveld serve` that sets this key, if it has one.
    public var flag: String? {
        switch self {
        case .listen: "--listen"
        case .databaseURL: "--database"
        case .dataDir: "--data-dir"
        case .tlsCert: "--tls-cert"
        case .tlsKey: "--tls-key"
        case .metricsListen: "--metrics"
        case .allowBrokenLedger: "--allow-broken-ledger"
        default: nil
        }
    }

    /// Whole-number keys and the values they accept.
    var integerRange: ClosedRange<Int>? {
        switch self {
        case .maxLine: 64...1_048_576
        case .maxConnections, .maxConnectionsPerIP: 1...1_000_000
        case .maxUnauthenticatedConnections, .maxUnauthenticatedConnectionsPerIP: 1...1_000_000
        case .authTimeoutMs: 1...86_400_000
        case .idleTimeoutMs: 1...604_800_000
        case .lineTimeoutMs, .slowReaderTimeoutMs: 1...86_400_000
        case .maxOutputBufferBytes: 1_024...1_073_741_824
        case .maxCommandsPerSecond: 1...10_000_000
        case .maxPipelinedCommands: 1...1_000_000
        case .fairBatch: 1...1_000_000
        case .maxWatches: 1...1_000_000
        case .eventLoopThreads, .signerThreads: 1...256
        case .timerPrecisionMs: 1...1_000
        case .transferDueHours: 1...8_760
        default: nil
        }
    }

    /// What a value of this key must be in the JSON file.
    var fileType: FileValueType {
        switch self {
        case .listen, .databaseURL, .dataDir, .metricsListen, .logLevel, .tlsCert, .tlsKey: .string
        case .minReserve, .maxBid: .dollars
        case .handleTiers: .handleTiers
        case .valueTiers: .valueTiers
        case .allowBrokenLedger: .boolean
        default: .integer
        }
    }
}
