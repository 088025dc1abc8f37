import Foundation
public import GavelCrypto
public import GavelEntry
import GavelPostgres
public import Logging

/// The ledger in PostgreSQL through libpq: one append-only table, group commit on a dedicated thread,
/// replay a page at a time, reads of single entries on a reader thread and connection of their own,
/// reconnecting by itself after an outage.
public final class PostgresLedger: Ledger {
    /// A batch larger than this is split; it bounds one INSERT's parameters and one commit's latency.
    public static let defaultMaximumBatchRecords = 1024

    private let worker: LedgerWorker
    private let reader: LedgerReader

    /// Connects with any libpq connection string or URI, applies the schema migrations, reads the head
    /// and starts the writer. Fails with a clear message when PostgreSQL is unreachable, the
    /// credentials are wrong, or the database does not exist. `commitObserver` hears of every commit.
    ///
    /// With `writer`, this process records only while it holds the writer lock (invariant 10): while
    /// another process holds it, this initializer waits as the standby (saying so, and who holds it)
    /// until it gets the lock or `writer.isCancelled()`; it refuses with `notWriter` when the ledger was
    /// last signed with a key `writer` does not know.
    ///
    /// With `receiptKey`, the writer signs each commit's receipt trees and keeps their signatures.
    public init(
        connectionString: String, timeoutMs: Int = 10_000,
        maximumBatchRecords: Int = PostgresLedger.defaultMaximumBatchRecords,
        commitObserver: (any LedgerCommitObserver)? = nil, receiptKey: Ed25519PrivateKey? = nil,
        writer: WriterOptions? = nil,
        logger: Logger = Logger(label: "gavel.ledger")
    ) throws(LedgerError) {
        let settings: String
        do {
            settings = try writer?.connectionString(from: connectionString) ?? connectionString
        } catch {
            throw .unavailable("\(error)")
        }
        var connection: PostgresConnection
        let head: LedgerHead
        var lock = writer.map { WriterLock(publicKey: $0.publicKey, retiredKeys: $0.retiredKeys) }
        do {
            connection = try PostgresConnection(connectionString: settings, timeoutMs: timeoutMs, logger: logger)
            try LedgerSchema.migrate(connection)
            if let writer, var waiting = lock {
                connection = try Self.awaitWriterLock(
                    &waiting, connection: connection, connectionString: settings, timeoutMs: timeoutMs,
                    writer: writer, logger: logger)
                lock = waiting
            }
            head = try Self.readHead(connection)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
        worker = LedgerWorker(
            connectionString: settings, timeoutMs: timeoutMs, maximumBatchRecords: maximumBatchRecords,
            observer: commitObserver, receiptKey: receiptKey, writer: writer, logger: logger)
        worker.start(head: head, connection: connection, writerLock: lock)
        reader = LedgerReader(connectionString: settings, timeoutMs: timeoutMs, logger: logger)
    }

    /// Waits as the standby until this process holds the writer lock on the connection it returns.
    /// PostgreSQL going away meanwhile (a failover) is waited out too, said once per reason.
    private static func awaitWriterLock(
        _ lock: inout WriterLock, connection: PostgresConnection, connectionString: String, timeoutMs: Int,
        writer: WriterOptions, logger: Logger
    ) throws -> PostgresConnection {
        var connection: PostgresConnection? = connection
        var said: String?
        func sayOnce(_ line: String) {
            if line != said { logger.notice("\(line)") }
            said = line
        }
        while !writer.isCancelled() {
            do {
                let live =
                    try connection
                    ?? PostgresConnection(connectionString: connectionString, timeoutMs: timeoutMs, logger: logger)
                connection = live
                switch try WriterLockKey.attempt(
                    &lock, on: live, committedHead: nil, holderName: writer.applicationName)
                {
                case .write(let epoch):
                    logger.notice("this gaveld holds the writer lock (epoch \(epoch)) and is the writer")
                    return live
                case .wait(let holder):
                    sayOnce("standby: the writer lock is held by \(holder); waiting to take over")
                case .refuse(let reason), .stepDown(let reason):
                    throw LedgerError.notWriter(reason)
                }
            } catch let error as LedgerError {
                throw error
            } catch {
                connection = nil
                sayOnce("standby: cannot reach a writable PostgreSQL (\(error)); still waiting")
            }
            Thread.sleep(forTimeInterval: Double(writer.pollIntervalMs) / 1000)
        }
        throw LedgerError.notWriter("stopped while waiting for the writer lock")
    }

    deinit {
        worker.stop()
        reader.stop()
    }

    /// Stops the writer once what is queued is committed (and returns once it has stopped, its last
    /// signatures kept), and the reader once what is asked is answered.
    public func shutdown() {
        reader.stop()
        worker.stop(waiting: true)
    }

    public func append(_ records: [LedgerRecord], completion: @escaping AppendCompletion) {
        guard !records.isEmpty else { return completion(.success([])) }
        worker.append(records, complete: completion)
    }

    /// The rows are read on the reader's thread, and their lines decoded by the caller: a replay decodes
    /// pages in parallel, and the writer is never held by a read.
    public func records(after seq: Int64, limit: Int) async throws(LedgerError) -> [LedgerRecord] {
        let rows = try await onReader { connection throws(LedgerError) in
            try Self.rows(
                in: Self.query(
                    connection, "SELECT seq, hash, line FROM gavel_ledger WHERE seq > $1 ORDER BY seq LIMIT $2",
                    [String(seq), String(limit)]))
        }
        return try Self.records(from: rows)
    }

    public func records(seqs: [Int64]) async throws(LedgerError) -> [LedgerRecord] {
        guard !seqs.isEmpty else { return [] }
        let list = "{" + seqs.map { String($0) }.joined(separator: ",") + "}"
        let rows = try await onReader { connection throws(LedgerError) in
            try Self.rows(
                in: Self.query(
                    connection, "SELECT seq, hash, line FROM gavel_ledger WHERE seq = ANY($1::bigint[]) ORDER BY seq",
                    [list]))
        }
        return try Self.records(from: rows)
    }

    /// A ledger row as read, its line not yet decoded.
    private struct StoredRow: Sendable {
        let seq: Int64
        let hash: String?
        let line: String?
    }

    /// The rows of a `seq, hash, line` result.
    private static func rows(in result: PostgresResult) throws(LedgerError) -> [StoredRow] {
        try (0..<result.rowCount).map { (row) throws(LedgerError) in
            guard let seq = (try? result.int64(row: row, column: 0)) ?? nil else {
                throw .malformed(seq: nil, "a row's seq column is not a number")
            }
            return StoredRow(
                seq: seq, hash: result.string(row: row, column: 1), line: result.string(row: row, column: 2))
        }
    }

    /// Each row's line decoded and checked against its row.
    private static func records(from rows: [StoredRow]) throws(LedgerError) -> [LedgerRecord] {
        try rows.map { (row) throws(LedgerError) in
            // A break is named by the row's seq, never by the seq its line claims: a tampered line may
            // claim any seq, and replay keeps every row before the broken one.
            let record: LedgerRecord
            do throws(LedgerError) {
                record = try LedgerRecord(line: row.line ?? "")
            } catch .broken(_, let reason) {
                throw .broken(seq: row.seq, reason)
            } catch .malformed(_, let reason) {
                throw .malformed(seq: row.seq, reason)
            } catch {
                throw error
            }
            guard row.seq == record.entry.seq, row.hash == record.hash else {
                throw .broken(seq: row.seq, "the row's seq or hash column differs from its line")
            }
            return record
        }
    }

    public func head() async throws(LedgerError) -> LedgerHead {
        try await onReader { connection throws(LedgerError) in
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
        try await onReader { connection throws(LedgerError) in
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

    public func treeSignature(of range: ReceiptTreeRange, publicKey: String) async throws(LedgerError) -> String? {
        try await onReader { connection throws(LedgerError) in
            let result = try Self.query(
                connection,
                """
                SELECT signature FROM gavel_tree_signatures
                WHERE tree_first = $1 AND tree_last = $2 AND public_key = $3
                """,
                [String(range.first), String(range.last), publicKey])
            return result.rowCount == 1 ? result.string(row: 0, column: 0) : nil
        }
    }

    public func storeTreeSignature(_ signatureBase64: String, of range: ReceiptTreeRange, publicKey: String)
        async throws(LedgerError)
    {
        try await onReader { connection throws(LedgerError) in
            _ = try Self.query(
                connection,
                """
                INSERT INTO gavel_tree_signatures (tree_first, tree_last, public_key, signature)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (tree_first) DO UPDATE
                    SET tree_last = excluded.tree_last, public_key = excluded.public_key, signature = excluded.signature
                """,
                [String(range.first), String(range.last), publicKey, signatureBase64])
        }
    }

    /// Runs `body` on the reader's thread and connection and waits for its answer.
    private func onReader<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws(LedgerError) -> T
    ) async throws(LedgerError) -> T {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, LedgerError>, Never>) in
            reader.run { connection in
                guard let connection else {
                    continuation.resume(returning: .failure(.unavailable("cannot connect to PostgreSQL")))
                    return
                }
                continuation.resume(returning: Result { () throws(LedgerError) in try body(connection) })
            }
        }
        return try result.get()
    }

    static func readHead(_ connection: PostgresConnection) throws -> LedgerHead {
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
