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
        let future = executor.future(on: loop) {
            startedContinuation.yield()
            // Suspended here while shutdown begins; resumed on the executor's thread afterwards.
            try await Task.sleep(for: .milliseconds(200))
            return 42
        }
        for await _ in started { break }
        try await executor.shutdown()
        #expect(try await future.get() == 42)
    }
}
