import GavelCore
import GavelEntry
import GavelPostgres
import GavelTestSupport
import Testing

@testable import GavelLedger

/// Invariant 10 as PostgreSQL enforces it: once a writer has claimed a database, only the session
/// holding the writer lock may add entries, whatever process tries.
@Suite("writer fence in PostgreSQL")
struct WriterFenceTests {
    static let key = "MCowBQYDK2VwAyEAfenceTestKey"

    @Test("a writer claims the database and records; a ledger without the lock is refused and records nothing")
    func unlockedSessionIsRefused() async throws {
        try await TestDatabase.with(label: "writer_fence") { database in
            let chain = try Chain.sample()
            let writer = try PostgresLedger(
                connectionString: database.connectionString,
                writer: WriterOptions(applicationName: "fence-test writer", publicKey: Self.key, onStepDown: { _ in }))
            try await writer.append(Array(chain.records.prefix(2)))
            writer.shutdown()

            let connection = try database.connect()
            let claim = try connection.query("SELECT epoch, public_key, holder FROM gavel_writer")
            #expect(claim.rowCount == 1)
            #expect(claim.string(row: 0, column: 1) == Self.key)
            #expect(claim.string(row: 0, column: 2) == "fence-test writer")

            let intruder = try PostgresLedger(connectionString: database.connectionString)
            defer { intruder.shutdown() }
            await #expect(throws: LedgerError.self) { try await intruder.append([chain.records[2]]) }
            #expect(try await intruder.head().seq == 2)
        }
    }

    @Test("naming the current epoch is not enough while the writer holds the lock; an older gaveld holding it records")
    func epochSettingAndLockTogether() async throws {
        try await TestDatabase.with(label: "writer_fence_epoch") { database in
            let chain = try Chain.sample()
            let writer = try PostgresLedger(
                connectionString: database.connectionString,
                writer: WriterOptions(applicationName: "fence-test writer", publicKey: Self.key, onStepDown: { _ in }))
            try await writer.append(Array(chain.records.prefix(2)))

            let intruder = try database.connect()
            try intruder.execute("SET gavel.writer_epoch = '1'")
            let refused = #expect(throws: PostgresError.self) { try Self.insert(chain.records[2], on: intruder) }
            #expect(refused?.message.contains("does not hold the writer lock") == true)
            writer.shutdown()

            // A gaveld from before migration 4 names no epoch: holding the lock is what pg_locks shows. The
            // writer's session ends on its own thread after `shutdown()`: wait for its lock, as a standby does.
            let older = try database.connect()
            #expect(try older.query("SELECT pg_advisory_lock(7070, 1)").rowCount == 1)
            try Self.insert(chain.records[2], on: older)
            let stale = try database.connect()
            try stale.execute("SET gavel.writer_epoch = '0'")
            #expect(throws: PostgresError.self) { try Self.insert(chain.records[3], on: stale) }
        }
    }

    @Test("the claim names its epoch in the writer's session, so the fence needs no look at pg_locks")
    func claimSetsTheSessionEpoch() async throws {
        try await TestDatabase.with(label: "writer_fence_setting") { database in
            let connection = try database.connect()
            try LedgerSchema.migrate(connection)
            #expect(try WriterLockKey.tryLock(connection))
            try WriterLockKey.writeClaim(connection, epoch: 7, publicKey: Self.key, holder: "setting-test")
            #expect(
                try connection.query("SELECT current_setting('gavel.writer_epoch')").string(row: 0, column: 0) == "7")
        }
    }

    private static func insert(_ record: LedgerRecord, on connection: PostgresConnection) throws {
        _ = try connection.query(
            "INSERT INTO gavel_ledger (seq, at, kind, line, hash) VALUES ($1, $2, $3, $4, $5)",
            parameters: [
                String(record.entry.seq), record.entry.at.description, record.entry.event.kind.rawValue, record.line,
                record.hash,
            ])
    }

    @Test("the next writer claims the next epoch; one with another key is refused, naming both keys")
    func nextWriterAndOtherKey() async throws {
        try await TestDatabase.with(label: "writer_epochs") { database in
            for _ in 0..<2 {
                let writer = try PostgresLedger(
                    connectionString: database.connectionString,
                    writer: WriterOptions(applicationName: "epoch-test", publicKey: Self.key, onStepDown: { _ in }))
                writer.shutdown()
            }
            let connection = try database.connect()
            #expect(try connection.query("SELECT epoch FROM gavel_writer").string(row: 0, column: 0) == "2")
            #expect {
                _ = try PostgresLedger(
                    connectionString: database.connectionString,
                    writer: WriterOptions(applicationName: "other", publicKey: "MCowother", onStepDown: { _ in }))
            } throws: { error in
                guard case LedgerError.notWriter(let reason) = error else { return false }
                return reason.contains(Self.key) && reason.contains("MCowother")
            }
        }
    }
}
