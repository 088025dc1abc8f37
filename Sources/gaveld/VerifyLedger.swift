import ArgumentParser
import Foundation
import GavelEntry
import GavelLedger
import GavelPostgres
import GaveldConfiguration
import Logging

/// `gaveld verify-ledger`: recomputes every hash, the chain and every round's result.
/// Exits 0 when sound (`entries=N head=<hex>`), 1 naming the first broken seq, 2 when the ledger cannot be read.
struct VerifyLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-ledger",
        abstract: "Check the ledger's chain, hashes and round results.",
        discussion: """
            Exit status: 0 when the ledger is sound (prints entries=N head=<hex>), 1 when it is broken \
            (prints the first broken seq), 2 when it cannot be read.
            """)

    static let broken: Int32 = 1
    static let unreadable: Int32 = 2

    @Option(name: .customLong("config"), help: "Configuration file (default: Config/gaveld.json when present).")
    var configFile: String?

    @Option(help: "A libpq connection string or URI of the ledger's PostgreSQL.")
    var database: String?

    @Option(help: "A data directory whose embedded PostgreSQL holds the ledger (default .gavel).")
    var dataDir: String?

    func validate() throws {
        guard database == nil || dataDir == nil else {
            throw ValidationError("give --database or --data-dir, not both")
        }
    }

    func run() async throws {
        var commandLine: [ConfigurationKey: String] = [:]
        commandLine[.databaseURL] = database
        if let dataDir {
            // An explicit data directory means its embedded cluster, whatever DATABASE_URL says.
            commandLine[.dataDir] = dataDir
            commandLine[.databaseURL] = ""
        }
        let settings = try Console.settings(configFile: configFile, commandLine: commandLine, exitCode: Self.unreadable)
        Console.bootstrapLogging(level: max(settings.logLevel, .warning))
        let (ledger, embedded) = try await open(settings)
        let result: Result<LedgerVerifier.Report, LedgerError>
        do {
            result = .success(try await LedgerVerifier.verify(ledger))
        } catch {
            result = .failure(error)
        }
        _ = try? await onDedicatedThread("ledger-stop") { ledger.shutdown() }
        if let embedded {
            _ = try? await onDedicatedThread("embedded-pg") { try embedded.stop() }
        }
        try report(result)
    }

    private func report(_ result: Result<LedgerVerifier.Report, LedgerError>) throws {
        switch result {
        case .success(let report):
            print("entries=\(report.entries) head=\(report.head.hash)")
        case .failure(.broken(let seq, let reason)), .failure(.malformed(let seq?, let reason)):
            print("ledger broken at seq=\(seq): \(Console.oneLine(reason))")
            throw ExitCode(Self.broken)
        case .failure(let error):
            throw Console.fail("cannot read the ledger: \(error)", exitCode: Self.unreadable)
        }
    }

    /// Opens the ledger; for the embedded cluster also returns it when this command started it (and so
    /// must stop it), not when a running gaveld was already serving it.
    private func open(_ settings: GaveldSettings) async throws -> (PostgresLedger, EmbeddedPostgres?) {
        var connectionString = settings.databaseURL ?? ""
        var started: EmbeddedPostgres?
        if settings.databaseURL == nil {
            let embedded = EmbeddedPostgres(directory: settings.embeddedPostgresDirectory)
            guard FileManager.default.fileExists(atPath: embedded.dataDirectory + "/PG_VERSION") else {
                throw Console.fail(
                    "no ledger in data directory \(settings.dataDirectory): \(embedded.dataDirectory) holds no"
                        + " PostgreSQL cluster", exitCode: Self.unreadable)
            }
            do {
                let outcome = try await onDedicatedThread("embedded-pg") { try embedded.start() }
                started = outcome == .alreadyRunning ? nil : embedded
            } catch {
                throw Console.fail(
                    "cannot start the embedded PostgreSQL in \(embedded.directory): \(error)", exitCode: Self.unreadable
                )
            }
            connectionString = embedded.connectionString
        }
        let target = connectionString
        do {
            let ledger = try await onDedicatedThread("ledger-connect") {
                try PostgresLedger(connectionString: target)
            }
            return (ledger, started)
        } catch {
            if let started { _ = try? await onDedicatedThread("embedded-pg") { try started.stop() } }
            throw Console.fail("cannot read the ledger: \(error)", exitCode: Self.unreadable)
        }
    }
}
