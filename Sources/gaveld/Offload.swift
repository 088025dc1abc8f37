import Foundation

/// Runs blocking work (initdb, pg_ctl, a libpq connect) on a thread of its own, off the cooperative pool.
func onDedicatedThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    assert(name.utf8.count <= 15, "the kernel keeps 15 bytes of a thread's name")
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        // Named from inside, at most 15 bytes: on Linux, Foundation drops a name set before `start()`.
        let thread = Thread {
            Thread.current.name = name
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
