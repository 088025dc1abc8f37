import NIOCore
import NIOEmbedded

/// The time a server's engine sees, moved only by a test: the engine runs on a testing event loop, whose
/// scheduled tasks (round timers) run when `advance` moves its time, and reads a clock moved alike. Work
/// other threads hand the loop (commands, commits, signatures) runs at once, as on a real loop.
final class EngineTime: Sendable {
    let loop = NIOAsyncTestingEventLoop()
    let clock = FixedClock()

    /// Moves the clock, then runs the timers due by then.
    func advance(byMs milliseconds: Int64) async {
        clock.nowMs += milliseconds
        await loop.advanceTime(by: .milliseconds(milliseconds))
    }

    /// After the server's shutdown: drops the timers still armed.
    func stop() async {
        await loop.shutdownGracefully()
    }
}
