import NIOCore
import NIOPosix
import Testing

@testable import GavelServer

/// The turns of one event loop, on a real loop (its wake-ups travel through a pipe the loop polls).
@Suite("Loop turns")
struct LoopTurnsTests {
    /// Counts turns on the loop and succeeds `done` once `expected` have run.
    final class Tally: @unchecked Sendable {
        var order: [String] = []
        let done: EventLoopPromise<Void>
        let expected: Int

        init(expected: Int, on loop: any EventLoop) {
            self.expected = expected
            done = loop.makePromise()
        }

        func ran(_ name: String) {
            order.append(name)
            if order.count == expected { done.succeed() }
        }
    }

    /// Runs `body` with the turns of a fresh one-thread loop and a tally expecting `count` turns, then
    /// closes both.
    private func withTurns(
        expecting count: Int, _ body: (LoopTurns, any EventLoop, Tally) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let turns = try await LoopTurns.open(on: loop)
        try await body(turns, loop, Tally(expected: count, on: loop))
        await turns.close()
        try await group.shutdownGracefully()
    }

    /// Serves input the way a session does: at once while the loop may, else deferred; each turn
    /// renders `outputBytes`.
    private func input(_ name: String, outputBytes: Int, turns: LoopTurns, tally: Tally) {
        guard turns.mayServeInputNow else { return turns.deferInput { tally.ran(name) } }
        tally.ran(name)
        turns.inputServed(outputBytes: outputBytes)
    }

    @Test("input is served at once until a pass has rendered its share; the rest goes first at the next wake-up")
    func inputServedPerPass() async throws {
        try await withTurns(expecting: 8) { turns, loop, tally in
            let full = SessionStateMachine.turnOutputBytes
            let ranAtOnce = try await loop.submit {
                turns.requestTurn { tally.ran("backlog") }
                for index in 0..<6 { input("input \(index)", outputBytes: full, turns: turns, tally: tally) }
                turns.requestTurn { tally.ran("backlog 2") }
                return tally.order
            }.get()
            #expect(ranAtOnce == ["input 0", "input 1", "input 2", "input 3"], "four full turns fill a pass")
            try await tally.done.futureResult.get()
            let order = try await loop.submit { tally.order }.get()
            #expect(
                order.dropFirst(4) == ["input 4", "input 5", "backlog", "backlog 2"], "fresh input before backlogs")
        }
    }

    @Test("a wake-up serves a waiting backlog too, however much fresh input is deferred")
    func backlogIsNotStarved() async throws {
        try await withTurns(expecting: 7) { turns, loop, tally in
            try await loop.submit {
                turns.requestTurn { tally.ran("backlog") }
                for index in 0..<6 { turns.deferInput { tally.ran("input \(index)") } }
            }.get()
            try await tally.done.futureResult.get()
            let order = try await loop.submit { tally.order }.get()
            #expect(order.prefix(4) == ["input 0", "input 1", "input 2", "backlog"])
        }
    }

    @Test("turns that render nothing yet (BIDs waiting for their commit) are all served in the pass that read them")
    func cheapInputIsServedAtOnce() async throws {
        try await withTurns(expecting: 50) { turns, loop, tally in
            let ran = try await loop.submit {
                for index in 0..<50 { input("bid \(index)", outputBytes: 0, turns: turns, tally: tally) }
                return tally.order.count
            }.get()
            #expect(ran == 50)
        }
    }

    @Test("the share is renewed once the loop has run its tasks")
    func shareRenews() async throws {
        try await withTurns(expecting: 8) { turns, loop, tally in
            let full = SessionStateMachine.turnOutputBytes
            for pass in 0..<2 {
                let ran = try await loop.submit {
                    for index in 0..<4 {
                        input("pass \(pass) input \(index)", outputBytes: full, turns: turns, tally: tally)
                    }
                    return tally.order.count
                }.get()
                #expect(ran == 4 * (pass + 1), "all four served at once in pass \(pass)")
            }
        }
    }
}
