public import GavelCrypto
import GavelPostgres
public import Logging

/// The ledger in PostgreSQL through libpq: one append-only table, group commit on a dedicated thread,
/// replay a page at a time, reconnecting by itself after an outage.
public final class PostgresLedger: Ledger {
    /// A batch larger than this is split; it bounds one INSERT's parameters and one commit's latency.
    public static let defaultMaximumBatchRecords = 1024

    private let worker: LedgerWorker

    /// Connects with any libpq connection string or URI, applies the schema migrations, reads the head
    /// and starts the writer. Fails with a clear message when PostgreSQL is unreachable, the
    /// credentials are wrong, or the database does not exist. `commitObserver` hears of every commit.
    public init(
        connectionString: String, timeoutMs: Int = 10_000,
        maximumBatchRecords: Int = PostgresLedger.defaultMaximumBatchRecords,
        commitObserver: (any LedgerCommitObserver)? = nil,
        logger: Logger = Logger(label: "gavel.ledger")
    ) throws(LedgerError) {
        let connection: PostgresConnection
        let head: LedgerHead
        do {
            connection = try PostgresConnection(
                connectionString: connectionString, timeoutMs: timeoutMs, logger: logger)
            try LedgerSchema.migrate(connection)
            head = try Self.readHead(connection)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
        worker = LedgerWorker(
            connectionString: connectionString, timeoutMs: timeoutMs, maximumBatchRecords: maximumBatchRecords,
            observer: commitObserver, logger: logger)
        worker.start(head: head, connection: connection)
    }

    deinit {
        worker.stop()
    }

    /// Stops the writer once what is queued is committed.
    public func shutdown() {
        worker.stop()
    }

    public func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        guard !records.isEmpty else { return completion(.success([])) }
        worker.append(records, complete: completion)
    }

    public func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord] {
        try await onWorker { connection throws(LedgerError) in
            let result = try Self.query(
                connection, "SELECT seq, hash, line FROM gavel_ledger WHERE seq > $1 ORDER BY seq LIMIT $2",
                [String(seq), String(limit)])
            return try (0..<result.rowCount).map { (row) throws(LedgerError) in
                guard let rowSeq = (try? result.int64(row: row, column: 0)) ?? nil else {
                    throw .malformed(seq: nil, "a row's seq column is not a number")
                }
                // A break is named by the row's seq, never by the seq its line claims: a tampered line may
                // claim any seq, and replay keeps every row before the broken one.
                let record: LedgerRecord
                do throws(LedgerError) {
                    record = try LedgerRecord(line: result.string(row: row, column: 2) ?? "")
                } catch .broken(_, let reason) {
                    throw .broken(seq: rowSeq, reason)
                } catch .malformed(_, let reason) {
                    throw .malformed(seq: rowSeq, reason)
                } catch {
                    throw error
                }
                guard rowSeq == record.entry.seq, result.string(row: row, column: 1) == record.hash else {
                    throw .broken(seq: rowSeq, "the row's seq or hash column differs from its line")
                }
                return record
            }
        }
    }

    public func head() async throws(LedgerError) -> LedgerHead {
        try await onWorker { connection throws(LedgerError) in
            do {
                return try Self.readHead(connection)
            } catch let error as LedgerError {
                throw error
            } catch {
                throw .unavailable("\(error)")
            }
        }
    }

    /// One row per tree: its first entry's. A row whose range is not a tree (NULL, or edited by hand) is
    /// skipped; its entries are then read as trees of their own.
    public func treeRanges(after seq: Int64) async throws(LedgerError) -> [ReceiptTreeRange] {
        try await onWorker { connection throws(LedgerError) in
            let result = try Self.query(
                connection,
                "SELECT tree_first, tree_last FROM gavel_ledger WHERE seq > $1 AND seq = tree_first ORDER BY seq",
                [String(seq)])
            return (0..<result.rowCount).compactMap { row in
                guard let first = result.string(row: row, column: 0), let last = result.string(row: row, column: 1)
                else { return nil }
                return ReceiptTreeRange(parsing: "\(first)-\(last)")
            }
        }
    }

    private func onWorker<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws(LedgerError) -> T
    ) async throws(LedgerError) -> T {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, LedgerError>, Never>) in
            worker.run { connection in
                guard let connection else {
                    continuation.resume(returning: .failure(.unavailable("cannot connect to PostgreSQL")))
                    return
                }
                continuation.resume(returning: Result { () throws(LedgerError) in try body(connection) })
            }
        }
        return try result.get()
    }

    private static func readHead(_ connection: PostgresConnection) throws -> LedgerHead {
        let result = try connection.query("SELECT seq, hash FROM gavel_ledger ORDER BY seq DESC LIMIT 1")
        guard result.rowCount == 1, let seq = try result.int64(row: 0, column: 0),
            let hash = result.string(row: 0, column: 1)
        else { return .empty }
        return LedgerHead(seq: seq, hash: hash)
    }

    private static func query(
        _ connection: PostgresConnection, _ sql: String, _ parameters: [String?]
    ) throws(LedgerError) -> PostgresResult {
        do {
            return try connection.query(sql, parameters: parameters)
        } catch {
            throw .unavailable("\(error)")
        }
    }
}
