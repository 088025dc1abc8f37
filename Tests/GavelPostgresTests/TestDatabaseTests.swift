import Foundation
import GavelPostgres
import GavelTestSupport
import Testing

@Suite("TestDatabase")
struct TestDatabaseTests {
    @Test("parallel requests get separate databases, and drop removes them")
    func separateDatabases() async throws {
        async let first = TestDatabase.make(label: "Parallel One!")
        async let second = TestDatabase.make(label: "parallel one")
        let databases = try await [first, second]
        #expect(databases[0].name != databases[1].name)
        #expect(databases[0].name.hasPrefix("gavel_test_parallel_one__"))
        for database in databases {
            let connection = try database.connect()
            #expect(try connection.query("SELECT current_database()").string(row: 0, column: 0) == database.name)
        }
        for database in databases {
            try await database.drop()
            let error = #expect(throws: PostgresError.self) { try database.connect() }
            #expect(error?.kind == .databaseMissing)
        }
    }

    @Test("an unavailable database fails loudly, and says so for CI")
    func unavailableMessage() {
        let local = TestDatabaseError(label: "bids", reason: "no initdb", isContinuousIntegration: false)
        #expect(local.description.hasPrefix("this test needs PostgreSQL (test database 'bids'): no initdb."))
        #expect(local.description.contains("GAVEL_TEST_DATABASE_URL"))
        let ci = TestDatabaseError(label: "bids", reason: "no initdb", isContinuousIntegration: true)
        #expect(ci.description.hasPrefix("CI=true: PostgreSQL is required in CI"))
    }
}
