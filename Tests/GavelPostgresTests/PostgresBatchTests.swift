import Foundation
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("Pipelines, COPY and streaming")
struct PostgresBatchTests {
    @Test("a pipeline of 100 inserts is applied and reports every result")
    func pipelineInserts() async throws {
        try await TestDatabase.with(label: "pipeline") { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE bids (id bigint PRIMARY KEY, bidder text)")
            let statements = (1...100).map { id in
                PostgresStatement("INSERT INTO bids VALUES ($1, $2)", parameters: [String(id), "bidder \(id)"])
            }
            let results = try connection.executePipeline(statements)
            #expect(results.count == 100)
            #expect(results.allSatisfy { $0.affectedRows == 1 })
            #expect(try connection.query("SELECT count(*) FROM bids").int64(row: 0, column: 0) == 100)
            #expect(try connection.query("SELECT sum(id) FROM bids").int64(row: 0, column: 0) == 5_050)
        }
    }

    @Test("a pipeline bigger than the socket buffers in both directions completes without deadlock")
    func largePipeline() async throws {
        try await TestDatabase.with(label: "large_pipeline") { database in
            let connection = try database.connect()
            let payload = String(repeating: "b", count: 2_000)
            let statements = (0..<2_000).map { index in
                PostgresStatement("SELECT $1::int, $2::text", parameters: [String(index), payload])
            }
            let results = try connection.executePipeline(statements)
            #expect(results.count == 2_000)
            #expect(try results[1_999].int64(row: 0, column: 0) == 1_999)
            #expect(results.allSatisfy { $0.string(row: 0, column: 1) == payload })
        }
    }

    @Test("a failing pipeline statement rolls back the whole pipeline and names the statement")
    func pipelineAtomicity() async throws {
        try await TestDatabase.with(label: "pipeline_failure") { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE bids (id bigint PRIMARY KEY)")
            let ids = ["1", "2", "3", "4", "5", "1", "7", "8", "9", "10"]
            let statements = ids.map { id in PostgresStatement("INSERT INTO bids VALUES ($1)", parameters: [id]) }
            let error = #expect(throws: PostgresError.self) { try connection.executePipeline(statements) }
            #expect(error?.statementIndex == 5)
            #expect(error?.sqlState == "23505")
            #expect(connection.status == .ok)
            #expect(try connection.query("SELECT count(*) FROM bids").int64(row: 0, column: 0) == 0)
        }
    }

    @Test("COPY FROM STDIN loads 1,000 rows, escaping included")
    func copyRows() async throws {
        try await TestDatabase.with(label: "copy") { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE lots (id bigint, title text)")
            let tricky = "tab\there, newline\nthere, back\\slash, 🎉"
            let rows = (1...1_000).map { id in
                let title: String? =
                    switch id {
                    case 7: tricky
                    case 8: nil
                    default: "lot \(id)"
                    }
                return PostgresConnection.copyTextLine([String(id), title])
            }
            #expect(try connection.copyIn(sql: "COPY lots (id, title) FROM STDIN", rows: rows) == 1_000)
            #expect(try connection.query("SELECT count(*) FROM lots").int64(row: 0, column: 0) == 1_000)
            #expect(try connection.query("SELECT title FROM lots WHERE id = 7").string(row: 0, column: 0) == tricky)
            #expect(try connection.query("SELECT title FROM lots WHERE id = 8").isNull(row: 0, column: 0))
        }
    }

    @Test("bad COPY data early in a long stream fails with the server's error and leaves the connection usable")
    func copyFailure() async throws {
        try await TestDatabase.with(label: "copy_failure") { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE lots (id bigint)")
            let error = #expect(throws: PostgresError.self) {
                try connection.copyIn(
                    sql: "COPY lots (id) FROM STDIN", rows: ["1", "two"] + (3...200_000).map(String.init))
            }
            #expect(error?.sqlState == "22P02")
            #expect(connection.status == .ok)
            #expect(try connection.query("SELECT count(*) FROM lots").int64(row: 0, column: 0) == 0)
        }
    }

    @Test("copyTextLine escapes separators and marks NULL")
    func copyTextLine() {
        #expect(PostgresConnection.copyTextLine(["a\tb", nil, "c\\d\r\n"]) == "a\\tb\t\\N\tc\\\\d\\r\\n\n")
    }

    @Test("streaming 10,000 rows visits each once and never holds more than one batch")
    func streamRows() async throws {
        try await TestDatabase.with(label: "stream") { database in
            let connection = try database.connect()
            var sum: Int64 = 0
            var largestBatch = 0
            let count = try connection.forEachRow(
                "SELECT g, repeat('x', 200) FROM generate_series(1, $1::int) AS g", parameters: ["10000"],
                batchRows: 500
            ) { row in
                sum += try row.int64(0) ?? 0
                largestBatch = max(largestBatch, row.result.rowCount)
            }
            #expect(count == 10_000)
            #expect(sum == 50_005_000)
            #expect(largestBatch == 500)
            #expect(!connection.isInTransaction)
        }
    }

    @Test("streaming joins a caller's transaction, and a throwing body leaves the connection clean")
    func streamTransactions() async throws {
        try await TestDatabase.with(label: "stream_transaction") { database in
            let connection = try database.connect()
            try connection.execute("BEGIN; CREATE TABLE seen (n int)")
            let count = try connection.forEachRow("SELECT generate_series(1, 25)", batchRows: 10) { row in
                try connection.query("INSERT INTO seen VALUES ($1::int)", parameters: [row.string(0)])
            }
            #expect(count == 25)
            #expect(connection.isInTransaction)
            try connection.execute("COMMIT")
            #expect(try connection.query("SELECT count(*) FROM seen").int64(row: 0, column: 0) == 25)

            struct Stop: Error {}
            #expect(throws: Stop.self) {
                try connection.forEachRow("SELECT generate_series(1, 100)", batchRows: 10) { row in
                    if try row.int64(0) == 42 { throw Stop() }
                }
            }
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT 1").int64(row: 0, column: 0) == 1)
        }
    }
}
