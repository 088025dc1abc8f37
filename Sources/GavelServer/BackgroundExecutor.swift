import NIOCore
import NIOPosix
import Synchronization

/// Runs the engine's rare long tasks (ledger replay, LEDGER VERIFY) on threads of their own instead of
/// Swift's shared cooperative pool, so neither the event loops nor whatever else the process runs on
/// that pool can hold up the other. One thread per core: a replay decodes the pages it reads ahead in
/// parallel here.
final class BackgroundExecutor: TaskExecutor {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    /// The tasks started and not yet finished, by number: shutdown waits for them, or a task resumed
    /// after its thread stopped (a replay awaiting the ledger when a writer steps down) would never finish
    /// and its promise would leak.
    private let running = Mutex<(next: Int, futures: [Int: EventLoopFuture<Void>])>((0, [:]))

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        group.next().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `body` on this executor and completes the future on `loop`.
    func future<Value: Sendable>(
        on loop: any EventLoop, _ body: @escaping @Sendable () async throws -> Value
    ) -> EventLoopFuture<Value> {
        let promise = loop.makePromise(of: Value.self)
        let number = running.withLock { running in
            defer { running.next += 1 }
            running.futures[running.next] = promise.futureResult.map { _ in }
            return running.next
        }
        Task(executorPreference: self) {
            do {
                promise.succeed(try await body())
            } catch {
                promise.fail(error)
            }
        }
        promise.futureResult.whenComplete { _ in
            _ = self.running.withLock { $0.futures.removeValue(forKey: number) }
        }
        return promise.futureResult
    }

    /// Waits for the tasks still running, then stops the threads.
    func shutdown() async throws {
        try await shutdown(waitingFor: runningTasks())
    }

    /// The tasks started and not yet finished.
    func runningTasks() -> [EventLoopFuture<Void>] {
        running.withLock { Array($0.futures.values) }
    }

    /// Waits for `tasks` (a task resumes on these threads, so they must outlive it), then stops the threads.
    func shutdown(waitingFor tasks: [EventLoopFuture<Void>]) async throws {
        for task in tasks { try? await task.get() }
        try await group.shutdownGracefully()
    }
}
