import Foundation

/// Locations for test clusters, derived from this file's place in the package so tests find the same directories
/// whatever their working directory.
public enum TestPaths {
    /// The package root: this file lives at `<root>/Sources/GavelTestSupport/TestPaths.swift`.
    public static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The cluster shared by all tests of a run: `GAVEL_TEST_PG_DIR`, or `<package root>/.build/test-postgres`.
    /// It outlives the test process so the next run reuses it instead of paying for initdb again.
    public static var sharedClusterDirectory: String {
        if let configured = ProcessInfo.processInfo.environment["GAVEL_TEST_PG_DIR"], !configured.isEmpty {
            return configured
        }
        return packageRoot + "/.build/test-postgres"
    }

    /// A fresh directory path for a cluster owned by one test, e.g. one that kills its own server.
    public static func scratchDirectory(label: String) -> String {
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return packageRoot + "/.build/test-postgres-scratch/\(label)-\(suffix)"
    }
}
