import GavelPostgres

/// How a gaveld competes for the writer lock (invariant 10): its name in `pg_stat_activity`, the receipt
/// key it signs with, and whom to tell when it must step down.
public struct WriterOptions: Sendable {
    /// `application_name` of the ledger's sessions, so a standby can say who holds the lock
    /// (`gaveld host:port`).
    public var applicationName: String
    /// The receipt key this gaveld signs with (base64 SPKI), recorded in the claim when it takes over.
    public var publicKey: String
    /// The keys `publicKey` replaced: a ledger last signed with one of them may be taken over.
    public var retiredKeys: [String]
    /// How often a standby asks for the lock.
    public var pollIntervalMs: Int
    /// Called once, on the ledger's thread, when this writer lost the lock to another process for good.
    public var onStepDown: @Sendable (String) -> Void
    /// Polled while waiting as a standby: true ends the wait (the process is shutting down).
    public var isCancelled: @Sendable () -> Bool

    public init(
        applicationName: String, publicKey: String, retiredKeys: [String] = [], pollIntervalMs: Int = 250,
        onStepDown: @escaping @Sendable (String) -> Void, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        precondition(pollIntervalMs > 0, "the standby polls at a positive interval")
        self.applicationName = applicationName
        self.publicKey = publicKey
        self.retiredKeys = retiredKeys
        self.pollIntervalMs = pollIntervalMs
        self.onStepDown = onStepDown
        self.isCancelled = isCancelled
    }

    /// Seconds of silence after which the kernel probes the ledger's connection, the interval between
    /// probes, and how many may go unanswered: a peer whose machine vanished is dropped after about
    /// idle + interval x count = 4 s, on both ends (the server's side through `options`).
    static let keepaliveIdleSeconds = 2
    static let keepaliveIntervalSeconds = 1
    static let keepaliveCount = 2
    /// Unacknowledged data gives up after this long, for a peer that vanished mid-commit.
    static let tcpUserTimeoutMs = 4000
    /// Per host of a multi-host URI, so a vanished first host does not hold up finding the primary.
    static let connectTimeoutSeconds = 2

    /// `connectionString` with this writer's name, TCP keepalives on both ends and a short connect
    /// timeout per host; settings the string already has are kept.
    func connectionString(from connectionString: String) throws -> String {
        var options = try PostgresConnectionOptions(parsing: connectionString)
        let defaults: [(String, String)] = [
            ("application_name", applicationName),
            ("connect_timeout", String(Self.connectTimeoutSeconds)),
            ("keepalives", "1"),
            ("keepalives_idle", String(Self.keepaliveIdleSeconds)),
            ("keepalives_interval", String(Self.keepaliveIntervalSeconds)),
            ("keepalives_count", String(Self.keepaliveCount)),
            ("tcp_user_timeout", String(Self.tcpUserTimeoutMs)),
        ]
        for (keyword, value) in defaults where options[keyword] == nil { options[keyword] = value }
        // The server must notice a vanished writer too, or its session keeps the lock: these are settings
        // every user may change for their own session.
        let serverSide =
            "-c tcp_keepalives_idle=\(Self.keepaliveIdleSeconds) -c tcp_keepalives_interval=\(Self.keepaliveIntervalSeconds)"
            + " -c tcp_keepalives_count=\(Self.keepaliveCount) -c tcp_user_timeout=\(Self.tcpUserTimeoutMs)"
        options["options"] = [options["options"], serverSide].compactMap { $0 }.joined(separator: " ")
        return options.connectionString
    }
}
