import Foundation

/// Runs blocking work (initdb, pg_ctl, libpq calls) on its own thread. Swift Testing runs tests in parallel on the
/// cooperative pool, which has one thread per core; blocking those threads for seconds would stall every test.
public enum DedicatedThread {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
