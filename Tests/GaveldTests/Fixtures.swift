import Foundation

@testable import GaveldConfiguration

enum Fixtures {
    /// Config/gaveld.json of this repository.
    static var repositoryConfigFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/gaveld.json").path
    }

    /// A fresh directory for one test, inside this process's `root`.
    static func directory() throws -> String {
        let path = root + "/\(UUID())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Where this test process's directories go; removed when the process exits, so that runs do not
    /// leave a directory per test behind in the temporary directory.
    private static let root: String = {
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.root) }
        return FileManager.default.temporaryDirectory.path + "/gaveld-tests-\(UUID())"
    }()

    /// A configuration file holding `json`, in a fresh directory.
    static func file(_ json: String) throws -> String {
        let path = try directory() + "/gaveld.json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// For every key, a valid value other than its default, as the environment would give it.
    static let nonDefaultText: [ConfigurationKey: String] = [
        .listen: "0.0.0.0:7171",
        .databaseURL: "postgres://gavel@db.internal/gavel",
        .dataDir: "/var/lib/gavel",
        .metricsListen: "127.0.0.1:9464",
        .maxLine: "8192",
        .maxConnections: "20000",
        .maxConnectionsPerIP: "2000",
        .maxUnauthenticatedConnections: "500",
        .maxUnauthenticatedConnectionsPerIP: "20",
        .authTimeoutMs: "5000",
        .idleTimeoutMs: "60000",
        .lineTimeoutMs: "2500",
        .maxOutputBufferBytes: "65536",
        .slowReaderTimeoutMs: "5000",
        .maxCommandsPerSecond: "500",
        .maxPipelinedCommands: "64",
        .fairBatch: "16",
        .maxWatches: "50",
        .eventLoopThreads: "2",
        .signerThreads: "3",
        .timerPrecisionMs: "250",
        .minReserve: "500.00",
        .maxBid: "2000000.00",
        .handleTiers: "3:2.5,20:20",
        .valueTiers: "50000.00:1,2000000.00:12.25",
        .transferDueHours: "72",
        .logLevel: "debug",
        .tlsCert: "/etc/gavel/cert.pem",
        .tlsKey: "/etc/gavel/key.pem",
        .allowBrokenLedger: "true",
    ]

    /// Keys that are set only together: setting one of them sets these too.
    static let companions: [ConfigurationKey: ConfigurationKey] = [.tlsCert: .tlsKey, .tlsKey: .tlsCert]

    /// The same values as JSON files.
    static let nonDefaultJSON: [ConfigurationKey: String] = [
        .listen: #"{"listen": "0.0.0.0:7171"}"#,
        .databaseURL: #"{"database_url": "postgres://gavel@db.internal/gavel"}"#,
        .dataDir: #"{"data_dir": "/var/lib/gavel"}"#,
        .metricsListen: #"{"metrics_listen": "127.0.0.1:9464"}"#,
        .maxLine: #"{"max_line": 8192}"#,
        .maxConnections: #"{"max_connections": 20000}"#,
        .maxConnectionsPerIP: #"{"max_connections_per_ip": 2000}"#,
        .maxUnauthenticatedConnections: #"{"max_unauthenticated_connections": 500}"#,
        .maxUnauthenticatedConnectionsPerIP: #"{"max_unauthenticated_connections_per_ip": 20}"#,
        .authTimeoutMs: #"{"auth_timeout_ms": 5000}"#,
        .idleTimeoutMs: #"{"idle_timeout_ms": 60000}"#,
        .lineTimeoutMs: #"{"line_timeout_ms": 2500}"#,
        .maxOutputBufferBytes: #"{"max_output_buffer_bytes": 65536}"#,
        .slowReaderTimeoutMs: #"{"slow_reader_timeout_ms": 5000}"#,
        .maxCommandsPerSecond: #"{"max_commands_per_second": 500}"#,
        .maxPipelinedCommands: #"{"max_pipelined_commands": 64}"#,
        .fairBatch: #"{"fair_batch": 16}"#,
        .maxWatches: #"{"max_watches": 50}"#,
        .eventLoopThreads: #"{"event_loop_threads": 2}"#,
        .signerThreads: #"{"signer_threads": 3}"#,
        .timerPrecisionMs: #"{"timer_precision_ms": 250}"#,
        .minReserve: #"{"min_reserve": "500.00"}"#,
        .maxBid: #"{"max_bid": "2000000.00"}"#,
        .handleTiers: """
        {"discounts": {"handle_tiers": [{"min_handles": 3, "percent": "2.5"}, {"min_handles": 20, "percent": "20"}]}}
        """,
        .valueTiers: """
        {"discounts": {"value_tiers": [{"min_subtotal": "50000.00", "percent": "1"},
                                       {"min_subtotal": "2000000.00", "percent": "12.25"}]}}
        """,
        .transferDueHours: #"{"transfer_due_hours": 72}"#,
        .logLevel: #"{"log_level": "debug"}"#,
        .tlsCert: #"{"tls_cert": "/etc/gavel/cert.pem", "tls_key": "/etc/gavel/key.pem"}"#,
        .tlsKey: #"{"tls_cert": "/etc/gavel/cert.pem", "tls_key": "/etc/gavel/key.pem"}"#,
        .allowBrokenLedger: #"{"allow_broken_ledger": true}"#,
    ]
}
