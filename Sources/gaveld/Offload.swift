import Foundation
import GavelEntry

/// Runs blocking work (initdb, pg_ctl, a libpq connect) on a thread of its own, off the cooperative pool.
func onDedicatedThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        NamedThread.start(name) { continuation.resume(with: Result { try body() }) }
    }
}
