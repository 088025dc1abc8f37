import NIOCore
import NIOPosix

/// Runs the engine's rare long tasks (ledger replay, LEDGER VERIFY) on a thread of their own instead
/// of Swift's shared cooperative pool, so neither the event loops nor whatever else the process runs on
/// that pool can hold up the other.
final class BackgroundExecutor: TaskExecutor {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        group.next().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `body` on this executor and completes the future on `loop`.
    func future<Value: Sendable>(
        on loop: any EventLoop, _ body: @escaping @Sendable () async throws -> Value
    ) -> EventLoopFuture<Value> {
        let promise = loop.makePromise(of: Value.self)
        Task(executorPreference: self) {
            do {
                promise.succeed(try await body())
            } catch {
                promise.fail(error)
            }
        }
        return promise.futureResult
    }

    func shutdown() async throws {
        try await group.shutdownGracefully()
    }
}
