import ArgumentParser
import Foundation
import GavelCore
import GavelEntry
import GavelLedger
import GavelPostgres

/// Measures committed ledger entries per second at fixed batch sizes: each append holds `batch` entries
/// and the next starts when it has committed, so every transaction carries exactly one batch.
@main
struct LedgerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel-ledger-bench", abstract: "Committed ledger entries per second by batch size.")

    @Option(help: "A libpq connection string or URI; without it an embedded cluster under --data-dir is used.")
    var database: String?

    @Option(help: "Where the embedded cluster lives.")
    var dataDir = ".build/bench-postgres"

    @Option(help: "Seconds to run each batch size.")
    var seconds = 5

    @Option(parsing: .upToNextOption, help: "Batch sizes to measure.")
    var batches: [Int] = [1, 16, 256]

    @Flag(help: "Also run pgbench's single-row INSERT against the same cluster.")
    var pgbench = false

    func run() async throws {
        let embedded = database == nil ? EmbeddedPostgres(directory: dataDir, databaseName: "gavel_bench") : nil
        if let embedded { _ = try embedded.start() }
        defer { try? embedded?.stop() }
        let admin = database ?? embedded!.connectionString
        print("batch  entries  seconds  entries/s  commits/s")
        for batch in batches {
            let name = "gavel_bench_\(batch)_\(UInt32.random(in: 0...UInt32.max))"
            let connection = try PostgresConnection(connectionString: admin)
            try connection.execute("CREATE DATABASE \(name)")
            var options = try PostgresConnectionOptions(parsing: admin)
            options["dbname"] = name
            let (entries, elapsed) = try await measure(options.connectionString, batch: batch)
            if pgbench, batch == batches.last {
                let tps = try PgbenchCeiling.transactionsPerSecond(
                    connectionString: options.connectionString, transactions: seconds * 1000)
                print("pgbench single-row INSERT, 1 client: \(tps)")
            }
            try connection.execute("DROP DATABASE \(name) WITH (FORCE)")
            let perSecond = Double(entries) / elapsed
            print(
                String(
                    format: "%5d  %7d  %7.2f  %9.0f  %9.0f", batch, entries, elapsed, perSecond,
                    perSecond / Double(batch)))
        }
    }

    private func measure(_ connectionString: String, batch: Int) async throws -> (Int, Double) {
        let ledger = try PostgresLedger(connectionString: connectionString)
        defer { ledger.shutdown() }
        var head = LedgerHead.empty
        let at = Timestamp(millisecondsSinceEpoch: 1_795_536_000_000)
        let start = Date()
        let deadline = start.addingTimeInterval(Double(seconds))
        var entries = 0
        while Date() < deadline, entries < 10_000_000 {
            var records: [LedgerRecord] = []
            for _ in 0..<batch {
                let event = Event.handle(.init(handle: try Handle(parsing: "h\(head.seq % 100_000)"), status: .dormant))
                let record = LedgerRecord(entry: Entry(seq: head.seq + 1, at: at, event: event), prev: head.hash)
                head = try head.advanced(by: record)
                records.append(record)
            }
            try await ledger.append(records)
            entries += batch
        }
        return (entries, Date().timeIntervalSince(start))
    }
}
