import GavelCore
import GavelEntry
import GavelLedger
import GavelPostgres
import GavelTestSupport
import Testing

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
