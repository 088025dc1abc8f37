import Foundation
import GavelPostgres

/// The server throwaway test databases are created on, chosen once per test process.
enum TestDatabaseServer {
    /// A connection string to an administrative database on the test server.
    static func adminConnectionString() async throws -> String {
        if let url = ProcessInfo.processInfo.environment["GAVEL_TEST_DATABASE_URL"], !url.isEmpty {
            return url
        }
        return try await sharedCluster.value.connectionString(database: "postgres")
    }

    /// Started on first use and shared by every test in the process; a static `let` is initialised exactly once
    /// even when tests ask for it concurrently, and they all await the same start. A failed start is not retried:
    /// every test then reports the same cause instead of each waiting out the timeout again.
    private static let sharedCluster = Task {
        try await DedicatedThread.run {
            let cluster = EmbeddedPostgres(directory: TestPaths.sharedClusterDirectory)
            try cluster.start()
            return cluster
        }
    }
}
