import Foundation
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("PostgresConnection")
struct PostgresConnectionTests {
    @Test("select 1")
    func selectOne() async throws {
        try await TestDatabase.with(label: "select_one") { database in
            let connection = try database.connect()
            let result = try connection.query("SELECT 1 AS one")
            #expect(result.rowCount == 1)
            #expect(result.columnName(0) == "one")
            #expect(try result.int64(row: 0, column: 0) == 1)
            #expect(connection.status == .ok)
        }
    }

    @Test("text parameters round-trip NULL, Unicode, quotes, control characters and 64-bit extremes")
    func parameterRoundTrip() async throws {
        try await TestDatabase.with(label: "parameters") { database in
            let connection = try database.connect()
            let values: [String?] = [
                "héllo wörld 🎉 日本語", nil, "-9223372036854775808", "tab\there\nnew line 'single' \"double\" \\",
            ]
            let result = try connection.query("SELECT $1::text, $2::text, $3::bigint, $4::text", parameters: values)
            #expect(result.string(row: 0, column: 0) == values[0])
            #expect(result.isNull(row: 0, column: 1))
            #expect(result.string(row: 0, column: 1) == nil)
            #expect(try result.int64(row: 0, column: 2) == Int64.min)
            #expect(result.string(row: 0, column: 3) == values[3])
            let length = try connection.query("SELECT length($1)", parameters: [values[0]]).int64(row: 0, column: 0)
            #expect(length == Int64(values[0]?.unicodeScalars.count ?? 0))
        }
    }

    @Test("a parameter containing NUL is refused before it is sent, and the connection stays usable")
    func nulParameter() async throws {
        try await TestDatabase.with(label: "nul_parameter") { database in
            let connection = try database.connect()
            let error = #expect(throws: PostgresError.self) {
                try connection.query("SELECT $1::text", parameters: ["bid\u{0}100"])
            }
            #expect(error?.kind == .invalidValue)
            #expect(try connection.query("SELECT 2").int64(row: 0, column: 0) == 2)
        }
    }

    @Test("execute runs several commands, and a rolled-back transaction leaves nothing behind")
    func executeAndTransactions() async throws {
        try await TestDatabase.with(label: "execute") { database in
            let connection = try database.connect()
            try connection.execute(
                "CREATE TABLE lots (name text); INSERT INTO lots VALUES ('a'); INSERT INTO lots VALUES ('b')")
            #expect(try connection.query("SELECT count(*) FROM lots").int64(row: 0, column: 0) == 2)
            try connection.execute("BEGIN")
            try connection.query("DELETE FROM lots")
            try connection.execute("ROLLBACK")
            #expect(try connection.query("SELECT count(*) FROM lots").int64(row: 0, column: 0) == 2)
            let deleted = try connection.query("DELETE FROM lots WHERE name = $1", parameters: ["a"])
            #expect(deleted.affectedRows == 1)
            #expect(deleted.commandTag == "DELETE 1")
        }
    }

    @Test("a backend killed with pg_terminate_backend surfaces as a lost connection, and stays lost")
    func terminatedBackend() async throws {
        try await TestDatabase.with(label: "terminate") { database in
            let victim = try database.connect()
            let killer = try database.connect()
            let pid = String(victim.backendPID)
            let terminated = try killer.query("SELECT pg_terminate_backend($1::int)", parameters: [pid])
            #expect(terminated.string(row: 0, column: 0) == "t")

            let error = #expect(throws: PostgresError.self) { try victim.query("SELECT 1") }
            #expect(error?.kind == .connectionLost)
            #expect(victim.status == .bad)
            let closed = #expect(throws: PostgresError.self) { try victim.query("SELECT 1") }
            #expect(closed?.kind == .connectionLost)
        }
    }

    @Test("a prepared statement is prepared once per session, and again on a new one")
    func preparedStatement() async throws {
        try await TestDatabase.with(label: "prepared") { database in
            let connection = try database.connect()
            let sql = "SELECT $1::bigint + 1, $2::text"
            func preparedCount(on connection: PostgresConnection) throws -> Int64? {
                try connection.query("SELECT count(*) FROM pg_prepared_statements WHERE name = 'plus_one'")
                    .int64(row: 0, column: 0)
            }
            for value in [41, 99] {
                let result = try connection.query(prepared: "plus_one", sql: sql, parameters: [String(value), nil])
                #expect(try result.int64(row: 0, column: 0) == Int64(value) + 1)
                #expect(result.isNull(row: 0, column: 1))
            }
            #expect(try preparedCount(on: connection) == 1)
            let refused = #expect(throws: PostgresError.self) {
                try connection.query(prepared: "plus_one", sql: sql, parameters: ["x", nil])
            }
            #expect(refused?.kind != .connectionLost)

            let next = try database.connect()
            #expect(try preparedCount(on: next) == 0)
            let again = try next.query(prepared: "plus_one", sql: sql, parameters: ["1", "a"])
            #expect(try again.int64(row: 0, column: 0) == 2)
            #expect(try preparedCount(on: next) == 1)
        }
    }

    @Test("a statement running past timeoutMs is cancelled on the server and the connection stays usable")
    func statementTimeout() async throws {
        try await TestDatabase.with(label: "timeout") { database in
            let connection = try database.connect(timeoutMs: 1_000)
            let error = #expect(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(30)") }
            #expect(error?.kind == .timedOut)
            #expect(connection.status == .ok)
            #expect(try connection.query("SELECT 3").int64(row: 0, column: 0) == 3)

            let observer = try database.connect()
            let sleeping = try observer.query(
                "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'")
            #expect(try sleeping.int64(row: 0, column: 0) == 0)
        }
    }

    @Test("connection options parse URIs and keyword strings and quote values safely")
    func connectionOptions() throws {
        var uri = try PostgresConnectionOptions(
            parsing: "postgres://bob:s%20cret@127.0.0.1:5433/ledger?connect_timeout=3")
        #expect(uri["user"] == "bob")
        #expect(uri["password"] == "s cret")
        #expect(uri["host"] == "127.0.0.1")
        #expect(uri["port"] == "5433")
        #expect(uri["dbname"] == "ledger")
        #expect(uri["connect_timeout"] == "3")
        uri["dbname"] = "it's a \\ test"
        let reparsed = try PostgresConnectionOptions(parsing: uri.connectionString)
        #expect(reparsed["dbname"] == "it's a \\ test")
        #expect(reparsed["password"] == "s cret")

        let keywords = PostgresConnectionOptions(["host": "/tmp/with space", "dbname": "gavel"])
        #expect(keywords.connectionString == "host='/tmp/with space' dbname='gavel'")
    }
}
