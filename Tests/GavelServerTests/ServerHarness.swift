import Foundation
import GavelCore
import GavelCrypto
import GavelEntry
import GavelLedger
import GavelServerConfiguration
import GavelTestSupport
import Logging

@testable import GavelServer

/// A real server on a free loopback port, over a real PostgreSQL database (or the in-memory ledger).
final class ServerHarness {
    static let adminToken = "admin-token-for-tests"

    let server: GavelServer
    let ledger: any Ledger
    let port: Int
    let key: Ed25519PrivateKey
    let database: TestDatabase?

    private init(server: GavelServer, ledger: any Ledger, port: Int, key: Ed25519PrivateKey, database: TestDatabase?) {
        self.server = server
        self.ledger = ledger
        self.port = port
        self.key = key
        self.database = database
    }

    /// `metrics` also observes the ledger's commits.
    static func start(
        label: String, database: TestDatabase? = nil, key: Ed25519PrivateKey? = nil,
        clock: any WallClock = SystemClock(), time: EngineTime? = nil, metrics: ServerMetrics = ServerMetrics(),
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> ServerHarness {
        let database = if let database { database } else { try await TestDatabase.make(label: label) }
        // As gaveld does: the writer signs each commit's trees with the server's receipt key.
        let key = try key ?? Ed25519PrivateKey.generate()
        let ledger = try PostgresLedger(
            connectionString: database.connectionString, commitObserver: metrics, receiptKey: key)
        return try await start(
            ledger: ledger, database: database, key: key, clock: clock, time: time, metrics: metrics,
            configure: configure)
    }

    /// `ledgerFailsOnPurpose`: the test breaks the ledger, so the server's `error` lines about it are
    /// labelled as expected in the run's output. With `time` the engine runs on its loop and reads its
    /// clock instead of `clock`: round timers fire when the test moves that time. `logs` also sees the
    /// server's `info` lines, which are not printed.
    static func start(
        ledger: any Ledger, database: TestDatabase? = nil, key: Ed25519PrivateKey? = nil, tls: ServerTLS? = nil,
        clock: any WallClock = SystemClock(), time: EngineTime? = nil, metrics: ServerMetrics = ServerMetrics(),
        ledgerFailsOnPurpose: Bool = false, logs: LogWatch? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> ServerHarness {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let key = try key ?? Ed25519PrivateKey.generate()
        var logger = Logger(
            label: ledgerFailsOnPurpose ? "gavel.test [expected: this test makes the ledger fail]" : "gavel.test")
        logger.logLevel = .warning
        if let logs {
            let printed = logger.handler
            logger = Logger(label: logger.label) { _ in
                MultiplexLogHandler([printed, logs.handler(level: .info)])
            }
        }
        let server = GavelServer(
            configuration: configuration, ledger: ledger, receiptKey: key, retiredKeys: [],
            adminTokenSHA256: SHA256.hexDigest(Array(adminToken.utf8)), tls: tls, clock: time?.clock ?? clock,
            metrics: metrics, logger: logger, engineLoop: time?.loop)
        let port = try await server.start()
        return ServerHarness(server: server, ledger: ledger, port: port, key: key, database: database)
    }

    func stop() async {
        await server.shutdown()
        (ledger as? PostgresLedger)?.shutdown()
    }

    func client() throws -> LineClient {
        let client = try LineClient(port: port)
        _ = try client.readLine()
        return client
    }

    func admin() throws -> LineClient {
        let client = try client()
        _ = try client.call("AUTH \(Self.adminToken)")
        return client
    }

    /// Adds a verified bidder through the admin connection and returns a connection authenticated as it.
    func bidder(_ name: String, via admin: LineClient, verified: Bool = true) throws -> LineClient {
        let added = try admin.call("BIDDER ADD \(name) verified=\(verified ? "yes" : "no")")
        guard let token = added.field("token") else { throw LineClient.ClientError.io("no token in \(added)") }
        let client = try client()
        _ = try client.call("AUTH \(token)")
        return client
    }
}
