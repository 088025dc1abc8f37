import Foundation
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("PostgresError")
struct PostgresErrorTests {
    @Test("nothing listening at the address is reported as an unreachable server")
    func unreachableServer() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(connectionString: "host=127.0.0.1 port=1 connect_timeout=2 user=gavel dbname=gavel")
        }
        #expect(error?.kind == .serverUnreachable)
        #expect(error?.description.contains("Connection refused") == true)
    }

    @Test("a database that does not exist is reported as missing, with its SQLSTATE")
    func missingDatabase() async throws {
        try await TestDatabase.with(label: "missing_db") { database in
            var options = try PostgresConnectionOptions(parsing: database.connectionString)
            options["dbname"] = "gavel_no_such_database"
            let error = #expect(throws: PostgresError.self) {
                try PostgresConnection(connectionString: options.connectionString)
            }
            #expect(error?.kind == .databaseMissing)
            #expect(error?.sqlState == "3D000")
            #expect(error?.message == "database \"gavel_no_such_database\" does not exist")
        }
    }

    @Test("an unknown role is reported as failed authentication")
    func unknownRole() async throws {
        try await TestDatabase.with(label: "unknown_role") { database in
            var options = try PostgresConnectionOptions(parsing: database.connectionString)
            options["user"] = "gavel_no_such_role"
            let error = #expect(throws: PostgresError.self) {
                try PostgresConnection(connectionString: options.connectionString)
            }
            #expect(error?.kind == .authenticationFailed)
            #expect(error?.sqlState == "28000")
            #expect(
                error?.description
                    == "PostgreSQL authentication failed (check user name and password):"
                    + " role \"gavel_no_such_role\" does not exist [SQLSTATE 28000]")
        }
    }

    @Test("a wrong password is reported as failed authentication (password auth enabled on a scratch cluster)")
    func wrongPassword() async throws {
        // The long directory also makes this cluster use the short /tmp socket fallback for real.
        let directory = TestPaths.scratchDirectory(label: "auth-" + String(repeating: "long", count: 20))
        try await ScratchCluster.with(label: "auth", directory: directory) { cluster in
            #expect(cluster.postgres.socketDirectory.hasPrefix("/tmp/gavel-"))
            try await cluster.start()
            let admin = try PostgresConnection(connectionString: cluster.postgres.connectionString)
            try admin.execute("CREATE ROLE bidder LOGIN PASSWORD 'correct horse'")
            let hbaPath = try #require(try admin.query("SHOW hba_file").string(row: 0, column: 0))
            let rules = try String(contentsOfFile: hbaPath, encoding: .utf8)
            try ("local all bidder scram-sha-256\n" + rules).write(toFile: hbaPath, atomically: false, encoding: .utf8)
            admin.close()
            // A reload only signals the server, which applies the new rules some time later; a restart has
            // them in force once it returns.
            try await cluster.stop()
            try await cluster.start()

            var options = try PostgresConnectionOptions(parsing: cluster.postgres.connectionString)
            options["user"] = "bidder"
            options["password"] = "wrong"
            let error = #expect(throws: PostgresError.self) {
                try PostgresConnection(connectionString: options.connectionString)
            }
            #expect(error?.kind == .authenticationFailed)
            #expect(error?.sqlState == "28P01")
            #expect(error?.message == "password authentication failed for user \"bidder\"")
            options["password"] = "correct horse"
            #expect(try PostgresConnection(connectionString: options.connectionString).status == .ok)
        }
    }

    @Test(
        "libpq connection messages are classified by SQLSTATE, or by wording when they carry none",
        arguments: [
            (
                "connection to server on socket \"/tmp/s/.s.PGSQL.5432\" failed: FATAL:  28P01: password"
                    + " authentication failed for user \"bidder\"\nLOCATION:  auth_failed, auth.c:326\n",
                PostgresError.Kind.authenticationFailed, "28P01"
            ),
            ("FATAL:  28000: role \"x\" does not exist\n", .authenticationFailed, "28000"),
            ("FATAL:  28P01: la authentification par mot de passe a échoué\n", .authenticationFailed, "28P01"),
            ("SCHWERWIEGEND:  3D000: Datenbank »x« existiert nicht\n", .databaseMissing, "3D000"),
            ("FATAL:  3D000: database \"x\" does not exist\n", .databaseMissing, "3D000"),
            ("FATAL:  57P03: the database system is starting up\n", .connectionRejected, "57P03"),
            (
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed"
                    + " for user \"bidder\"\n", .authenticationFailed, nil
            ),
            ("FATAL:  database \"x\" does not exist\n", .databaseMissing, nil),
            (
                "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running"
                    + " on that host and accepting TCP/IP connections?\n", .serverUnreachable, nil
            ),
        ] as [(String, PostgresError.Kind, String?)])
    func classification(message: String, kind: PostgresError.Kind, sqlState: String?) {
        let error = PostgresError.connectionFailure(libpqMessage: message)
        #expect(error.kind == kind)
        #expect(error.sqlState == sqlState)
        #expect(!error.description.contains("\n"))
        #expect(!error.description.contains("LOCATION"))
    }

    @Test("an unparsable connection string is reported as such")
    func invalidConnectionString() {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(connectionString: "gavel ledger") }
        #expect(error?.kind == .invalidConnectionString)
    }

    @Test("statement errors carry SQLSTATE, detail and a readable one-line description")
    func statementErrors() async throws {
        try await TestDatabase.with(label: "statement_errors") { database in
            let connection = try database.connect()
            let syntax = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
            #expect(syntax?.kind == .server)
            #expect(
                syntax?.description == "PostgreSQL statement failed: syntax error at or near \"SELEC\" [SQLSTATE 42601]"
            )

            try connection.execute("CREATE TABLE bids (id bigint PRIMARY KEY)")
            try connection.query("INSERT INTO bids VALUES ($1)", parameters: ["1"])
            let duplicate = #expect(throws: PostgresError.self) {
                try connection.query("INSERT INTO bids VALUES ($1)", parameters: ["1"])
            }
            #expect(duplicate?.sqlState == "23505")
            #expect(duplicate?.detail == "Key (id)=(1) already exists.")
            #expect(duplicate?.description.contains("(detail: Key (id)=(1) already exists.)") == true)
            #expect(try connection.query("SELECT count(*) FROM bids").int64(row: 0, column: 0) == 1)

            let notANumber = #expect(throws: PostgresError.self) {
                try connection.query("SELECT 'twelve'").int64(row: 0, column: 0)
            }
            #expect(notANumber?.kind == .invalidValue)
        }
    }
}
