import Foundation
import GavelEntry
import GavelPostgres
import Logging

/// A thread and connection of the ledger's own for every read of committed entries (replay at start and
/// after an outage, LEDGER VERIFY, the head, tree ranges, and RECEIPT, PROOF, BIDS and MYBIDS of finished
/// rounds), beside the writer's: a read never waits behind a commit, and a commit never waits behind a
/// read. It connects on the first read and again after a lost connection.
///
/// `@unchecked Sendable`: `jobs` and `isStopping` are guarded by `condition`; `connection` is touched only
/// by the reader thread.
final class LedgerReader: @unchecked Sendable {
    typealias Job = @Sendable (PostgresConnection?) -> Void

    private let connectionString: String
    private let timeoutMs: Int
    private let logger: Logger
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var isStopping = false
    private var connection: PostgresConnection?

    init(connectionString: String, timeoutMs: Int, logger: Logger) {
        self.connectionString = connectionString
        self.timeoutMs = timeoutMs
        self.logger = logger
        NamedThread.start("gavel-reader") { [self] in runLoop() }
    }

    /// Runs `job` on the reader thread with the connection (nil when PostgreSQL cannot be reached now).
    func run(_ job: @escaping Job) {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopping else {
            job(nil)
            return
        }
        jobs.append(job)
        condition.signal()
    }

    /// Answers what is queued, then ends the thread and closes the connection.
    func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while let jobs = nextJobs() {
            for job in jobs { job(connected()) }
        }
        connection = nil
    }

    private func nextJobs() -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !isStopping { condition.wait() }
        guard !jobs.isEmpty else { return nil }
        defer { jobs.removeAll() }
        return jobs
    }

    private func connected() -> PostgresConnection? {
        if let connection, connection.status == .ok { return connection }
        connection = nil
        do {
            connection = try PostgresConnection(
                connectionString: connectionString, timeoutMs: timeoutMs, logger: logger)
        } catch {
            logger.error("ledger reader cannot connect: \(error)")
        }
        return connection
    }
}
