import Foundation
import GavelCrypto
import GavelEntry
import GavelLedger
import GavelPostgres
import GavelServer
import GavelServerConfiguration
import GaveldConfiguration
import Logging
import Metrics
import NIOCore
import Prometheus

/// What `gaveld serve` runs: the data directory's lock, the embedded PostgreSQL (without a database URL),
/// the ledger and the server. Started in that order and stopped in the reverse one.
final class ServerRuntime: Sendable {
    let port: Int
    private let server: GavelServer
    private let ledger: PostgresLedger
    private let embedded: EmbeddedPostgres?
    /// Held for as long as this runtime lives; the kernel drops it when the process exits.
    private let lock: DataDirectoryLock
    private let logger: Logger

    private init(
        port: Int, server: GavelServer, ledger: PostgresLedger, embedded: EmbeddedPostgres?, lock: DataDirectoryLock,
        logger: Logger
    ) {
        self.port = port
        self.server = server
        self.ledger = ledger
        self.embedded = embedded
        self.lock = lock
        self.logger = logger
    }

    /// Starts everything, or undoes what was started and throws one line saying what failed.
    /// With a `database_url`, the ledger competes for the writer lock: this waits as the standby while
    /// another gaveld holds it, and `role` hears when this one must step down.
    static func start(_ settings: GaveldSettings, role: WriterRole, logger: Logger) async throws -> ServerRuntime {
        // The certificate first of all: a typo in its path should not wait for initdb.
        let tls = try serverTLS(settings)
        try DataDirectory.prepare(settings.dataDirectory, embeddedPostgres: settings.databaseURL == nil, logger: logger)
        let lock = try DataDirectoryLock(directory: settings.dataDirectory)
        // The key and the token first: they fail fast, where starting PostgreSQL takes seconds.
        let keys = try receiptKeys(settings, logger: logger)
        let token = try adminToken(settings, logger: logger)
        let embedded =
            settings.databaseURL == nil ? EmbeddedPostgres(directory: settings.embeddedPostgresDirectory) : nil
        let metrics = serverMetrics(settings)
        var ledger: PostgresLedger?
        do {
            let writer = WriterOptions(
                applicationName: WriterRole.applicationName(listen: settings.listenAddress),
                publicKey: keys.key.publicKey.base64SPKI, retiredKeys: keys.history.retired.map(\.keyBase64),
                onStepDown: { role.stepDown($0) }, isCancelled: { role.isStopping })
            let opened = try await openLedger(
                settings, embedded: embedded, observer: metrics, receiptKey: keys.key, writer: writer, logger: logger)
            ledger = opened
            let server = GavelServer(
                configuration: settings.server, ledger: opened, receiptKey: keys.key,
                retiredKeys: keys.history.retired,
                adminTokenSHA256: SHA256.hexDigest(Array(token.value.utf8)), tls: tls, metrics: metrics,
                logger: Logger(label: "gavel.server"))
            let port = try await start(server, settings: settings)
            return ServerRuntime(
                port: port, server: server, ledger: opened, embedded: embedded, lock: lock, logger: logger)
        } catch {
            await stopStorage(ledger: ledger, embedded: embedded, logger: logger)
            throw error
        }
    }

    /// Stops accepting, says `* BYE reason=shutdown`, lets the commits in flight finish, then stops the
    /// ledger's writer and the embedded PostgreSQL.
    func stop() async {
        await server.shutdown()
        await Self.stopStorage(ledger: ledger, embedded: embedded, logger: logger)
    }

    /// With `metrics_listen`, one Prometheus registry for the process: swift-metrics' global factory
    /// writes into it too, so any library's metrics appear beside Gavel's. Bootstrapped once, here.
    private static func serverMetrics(_ settings: GaveldSettings) -> ServerMetrics {
        guard settings.server.metricsListen != nil else { return ServerMetrics() }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return ServerMetrics(registry: registry)
    }

    private static func openLedger(
        _ settings: GaveldSettings, embedded: EmbeddedPostgres?, observer: ServerMetrics,
        receiptKey: Ed25519PrivateKey, writer: WriterOptions, logger: Logger
    ) async throws -> PostgresLedger {
        let connectionString: String
        if let embedded {
            let outcome: EmbeddedPostgres.StartOutcome
            do {
                outcome = try await onDedicatedThread("embedded-pg") { try embedded.start() }
            } catch {
                throw StartupError("cannot start the embedded PostgreSQL in \(embedded.directory): \(error)")
            }
            logger.info("embedded PostgreSQL: \(outcome)", metadata: ["directory": "\(embedded.directory)"])
            connectionString = embedded.connectionString
        } else {
            connectionString = settings.databaseURL!
        }
        do {
            return try await onDedicatedThread("ledger-connect") {
                try PostgresLedger(
                    connectionString: connectionString, commitObserver: observer, receiptKey: receiptKey,
                    writer: writer, logger: Logger(label: "gavel.ledger"))
            }
        } catch LedgerError.notWriter(let reason) {
            throw StartupError("not taking over as the writer: \(reason)")
        } catch {
            let which = embedded == nil ? "the PostgreSQL of database_url" : "the embedded PostgreSQL"
            throw StartupError("cannot open the ledger in \(which): \(error)")
        }
    }

    private static func serverTLS(_ settings: GaveldSettings) throws -> ServerTLS? {
        guard let certificatePath = settings.tlsCertificatePath, let keyPath = settings.tlsKeyPath else { return nil }
        do {
            return try ServerTLS(certificatePath: certificatePath, keyPath: keyPath)
        } catch {
            throw StartupError("\(error)")
        }
    }

    private static func receiptKeys(_ settings: GaveldSettings, logger: Logger) throws -> ReceiptKeyring.Keys {
        let keyring = settings.receiptKeyring
        let (keys, created) = try keyring.loadOrCreate(now: SystemClock().now())
        logger.info(
            created ? "generated receipt key" : "loaded receipt key",
            metadata: [
                "path": "\(keyring.keyPath)", "publicKey": "\(keys.key.publicKey.base64SPKI)",
                "retiredKeys": "\(keys.history.retired.count)",
            ])
        return keys
    }

    private static func adminToken(_ settings: GaveldSettings, logger: Logger) throws -> AdminToken {
        if let token = settings.adminToken {
            logger.info("admin token from \(ConfigurationKey.adminTokenEnvironmentVariable)")
            return token
        }
        let path = settings.adminTokenPath
        let (token, outcome) = try AdminTokenFile.loadOrCreate(path: path)
        switch outcome {
        case .loaded: logger.info("admin token from file", metadata: ["path": "\(path)"])
        case .created: logger.notice("generated the admin token; it is in the file only", metadata: ["path": "\(path)"])
        }
        return token
    }

    private static func start(_ server: GavelServer, settings: GaveldSettings) async throws -> Int {
        do {
            return try await server.start()
        } catch {
            await server.shutdown()
            switch error {
            case LedgerError.broken(let seq, let reason):
                throw StartupError(
                    "ledger broken at seq=\(seq): \(reason); refusing to serve (gaveld verify-ledger checks it;"
                        + " --allow-broken-ledger serves reads only)")
            case let error as LedgerError:
                throw StartupError("cannot replay the ledger: \(error)")
            case let error as MetricsListenError:
                throw StartupError("\(error)")
            case let error as IOError:
                throw StartupError(
                    "cannot listen on \(settings.listenAddress): \(String(cString: strerror(error.errnoCode)))")
            default:
                throw StartupError("cannot listen on \(settings.listenAddress): \(error)")
            }
        }
    }

    private static func stopStorage(ledger: PostgresLedger?, embedded: EmbeddedPostgres?, logger: Logger) async {
        if let ledger {
            _ = try? await onDedicatedThread("ledger-stop") { ledger.shutdown() }
        }
        guard let embedded else { return }
        do {
            _ = try await onDedicatedThread("embedded-pg") { try embedded.stop() }
        } catch {
            logger.error("could not stop the embedded PostgreSQL: \(Console.oneLine("\(error)"))")
        }
    }
}
