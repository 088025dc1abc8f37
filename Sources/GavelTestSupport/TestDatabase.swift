import Foundation
import GavelPostgres

/// A throwaway database for one test: every test that needs PostgreSQL gets its database here.
///
/// The server is `GAVEL_TEST_DATABASE_URL` when set; otherwise an embedded cluster under
/// ``TestPaths/sharedClusterDirectory``, started once per test process. Each database has a random name, so
/// tests (and test processes) running in parallel never see each other's data.
public struct TestDatabase: Sendable {
    public let name: String
    /// libpq connection string for this database.
    public let connectionString: String
    private let adminConnectionString: String

    /// Creates `gavel_test_<label>_<random>`. Throws ``TestDatabaseError`` when no server can be had.
    public static func make(label: String) async throws -> TestDatabase {
        let admin: String
        do {
            admin = try await TestDatabaseServer.adminConnectionString()
        } catch {
            throw unavailable(label: label, reason: "\(error)")
        }
        let name = databaseName(label: label)
        do {
            try await DedicatedThread.run {
                let connection = try PostgresConnection(connectionString: admin)
                try connection.execute("CREATE DATABASE \(PostgresConnection.quoteIdentifier(name))")
            }
        } catch let error as PostgresError where error.kind != .server {
            throw unavailable(label: label, reason: "\(error)")
        }
        var options = try PostgresConnectionOptions(parsing: admin)
        options["dbname"] = name
        return TestDatabase(name: name, connectionString: options.connectionString, adminConnectionString: admin)
    }

    /// Runs `body` with a fresh database and drops it afterwards, also when `body` throws.
    public static func with<T>(label: String, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await make(label: label)
        do {
            let value = try await body(database)
            try await database.drop()
            return value
        } catch {
            // The test's own failure says more than a failed cleanup would.
            try? await database.drop()
            throw error
        }
    }

    /// Opens a connection to this database.
    public func connect(timeoutMs: Int = 30_000) throws -> PostgresConnection {
        try PostgresConnection(connectionString: connectionString, timeoutMs: timeoutMs)
    }

    /// Drops the database, disconnecting anyone still using it.
    public func drop() async throws {
        let admin = adminConnectionString
        let name = name
        try await DedicatedThread.run {
            let connection = try PostgresConnection(connectionString: admin)
            try connection.execute("DROP DATABASE IF EXISTS \(PostgresConnection.quoteIdentifier(name)) WITH (FORCE)")
        }
    }

    /// Lowercase ASCII only, and short enough for PostgreSQL's 63-byte identifiers with the random suffix.
    private static func databaseName(label: String) -> String {
        let cleaned = String(
            label.lowercased().unicodeScalars.map { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
            }
            .prefix(30))
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return "gavel_test_\(cleaned)_\(suffix)"
    }

    private static func unavailable(label: String, reason: String) -> TestDatabaseError {
        TestDatabaseError(
            label: label, reason: reason,
            isContinuousIntegration: ProcessInfo.processInfo.environment["CI"] == "true")
    }
}
