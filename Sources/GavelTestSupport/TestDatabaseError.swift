/// No PostgreSQL server could be had for a test. Tests never skip silently: a missing database is a failure,
/// with instructions for getting one.
public struct TestDatabaseError: Error, Sendable, CustomStringConvertible {
    public let label: String
    public let reason: String
    /// Whether the CI environment variable was "true", where a database is mandatory.
    public let isContinuousIntegration: Bool

    public init(label: String, reason: String, isContinuousIntegration: Bool) {
        self.label = label
        self.reason = reason
        self.isContinuousIntegration = isContinuousIntegration
    }

    public var description: String {
        let requirement =
            isContinuousIntegration
            ? "CI=true: PostgreSQL is required in CI, so this test fails"
            : "this test needs PostgreSQL"
        return "\(requirement) (test database '\(label)'): \(reason). Either set GAVEL_TEST_DATABASE_URL to a server"
            + " where the user may CREATE DATABASE, or install PostgreSQL so an embedded cluster can start under"
            + " \(TestPaths.sharedClusterDirectory) (GAVEL_TEST_PG_DIR overrides the directory)."
    }
}
