import NIOCore
import NIOPosix
import Testing

@testable import GavelServer

@Suite("background executor")
struct BackgroundExecutorTests {
    @Test(
        "shutdown waits for a task that is suspended when it begins, so its future completes", .timeLimit(.minutes(1)))
    func shutdownWaitsForRunningTask() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let executor = BackgroundExecutor()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (gate, opener) = AsyncStream.makeStream(of: Void.self)
        let future = executor.future(on: loop) {
            startedContinuation.yield()
            // Suspended here while shutdown begins; resumed on the executor's threads afterwards.
            for await _ in gate { break }
            return 42
        }
        for await _ in started { break }
        let suspended = executor.runningTasks()
        #expect(suspended.count == 1)
        let shuttingDown = Task { try await executor.shutdown(waitingFor: suspended) }
        opener.yield()
        try await shuttingDown.value
        #expect(try await future.get() == 42)
    }
}
