import Foundation
import GavelPostgres

/// A private embedded cluster for tests that must stop, crash or reconfigure their server, which would break
/// other tests if done to the shared one. ``remove()`` stops it and deletes its files.
public final class ScratchCluster: Sendable {
    public let postgres: EmbeddedPostgres

    public init(label: String, directory: String? = nil) {
        postgres = EmbeddedPostgres(directory: directory ?? TestPaths.scratchDirectory(label: label))
    }

    /// Runs `body` with a new cluster and removes the cluster afterwards, also when `body` throws.
    public static func with<T>(
        label: String, directory: String? = nil, _ body: (ScratchCluster) async throws -> T
    ) async throws -> T {
        let cluster = ScratchCluster(label: label, directory: directory)
        do {
            let value = try await body(cluster)
            try await cluster.remove()
            return value
        } catch {
            // The test's own failure says more than a failed cleanup would.
            try? await cluster.remove()
            throw error
        }
    }

    /// Starts the cluster on a dedicated thread, off the test's cooperative pool.
    @discardableResult
    public func start() async throws -> EmbeddedPostgres.StartOutcome {
        let postgres = postgres
        return try await DedicatedThread.run { try postgres.start() }
    }

    /// Stops the server; `.immediate` cuts it off as a crash would, for outage tests.
    public func stop(mode: EmbeddedPostgres.StopMode = .fast) async throws {
        let postgres = postgres
        try await DedicatedThread.run { try postgres.stop(mode: mode) }
    }

    /// Stops the server and deletes the cluster directory and any socket directory outside it.
    public func remove() async throws {
        try await stop()
        for path in [postgres.directory, postgres.socketDirectory] where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }
}
