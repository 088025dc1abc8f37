import ArgumentParser
import GaveldConfiguration
import Logging
import ServiceLifecycle

/// `gaveld [serve]`: runs the server until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the auction server (the default command).")

    @Option(name: .customLong("config"), help: "Configuration file (default: Config/gaveld.json when present).")
    var configFile: String?

    @Option(help: "HOST:PORT to listen on (default 127.0.0.1:7070).")
    var listen: String?

    @Option(help: "A libpq connection string or URI (default: an embedded PostgreSQL in the data directory).")
    var database: String?

    @Option(help: "Directory for the receipt key, the admin token and the embedded PostgreSQL (default .gavel).")
    var dataDir: String?

    @Option(help: "HOST:PORT to serve GET /metrics on, in Prometheus' text format (default: off).")
    var metrics: String?

    @Flag(help: "Start even when the ledger's chain is broken: serve reads, record nothing.")
    var allowBrokenLedger = false

    @Option(help: "TLS certificate chain (PEM); with --tls-key the listener speaks TLS only.")
    var tlsCert: String?

    @Option(help: "The TLS certificate's private key (PEM).")
    var tlsKey: String?

    func run() async throws {
        var commandLine: [ConfigurationKey: String] = [:]
        commandLine[.listen] = listen
        commandLine[.databaseURL] = database
        commandLine[.dataDir] = dataDir
        commandLine[.tlsCert] = tlsCert
        commandLine[.tlsKey] = tlsKey
        commandLine[.metricsListen] = metrics
        if allowBrokenLedger { commandLine[.allowBrokenLedger] = "true" }
        let settings = try Console.settings(configFile: configFile, commandLine: commandLine)
        Console.bootstrapLogging(level: settings.logLevel)
        let logger = Logger(label: "gaveld")
        logSettings(settings, logger: logger)
        raiseFileLimit(maxConnections: settings.server.maxConnections, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: GaveldService(settings: settings, logger: logger),
                        successTerminationBehavior: .gracefullyShutdownGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            throw Console.fail("\(error)")
        }
        logger.notice("gaveld stopped")
    }

    private func logSettings(_ settings: GaveldSettings, logger: Logger) {
        logger.info(
            "configuration",
            metadata: [
                "file": "\(settings.configurationFile ?? "none")", "listen": "\(settings.listenAddress)",
                "dataDir": "\(settings.dataDirectory)", "metrics": "\(settings.metricsAddress ?? "off")",
                "database": "\(settings.databaseURL == nil ? "embedded" : "database_url")",
                "tls": "\(settings.tlsCertificatePath ?? "off")",
            ])
    }

    /// Raises the open-file soft limit to the hard limit and says what it is; warns when `max_connections`
    /// would not fit under it (the ledger, PostgreSQL and the listener need descriptors too).
    private func raiseFileLimit(maxConnections: Int, logger: Logger) {
        guard let limit = FileLimit.raiseToHardLimit() else {
            logger.warning("cannot read the open-file limit")
            return
        }
        logger.info("open-file limit \(limit.soft) (hard limit \(limit.hard))")
        if UInt64(maxConnections) + 256 > limit.soft {
            logger.warning(
                """
                max_connections \(maxConnections) is close to or above the open-file limit \
                \(limit.soft); connections beyond it will fail
                """)
        }
    }
}
