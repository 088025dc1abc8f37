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

    @Test("input is served at once four times per pass over the sockets; the rest go first at the next wake-up")
    func inputTurnsPerPass() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let turns = try await LoopTurns.open(on: loop)
        let tally = Tally(expected: 8, on: loop)
        let ranAtOnce = try await loop.submit {
            turns.requestTurn { tally.ran("backlog") }
            for index in 0..<6 { turns.inputArrived { tally.ran("input \(index)") } }
            turns.requestTurn { tally.ran("backlog 2") }
            return tally.order
        }.get()
        #expect(ranAtOnce == ["input 0", "input 1", "input 2", "input 3"])
        try await tally.done.futureResult.get()
        let order = try await loop.submit { tally.order }.get()
        #expect(order.dropFirst(4) == ["input 4", "input 5", "backlog", "backlog 2"], "fresh input before backlogs")
        await turns.close()
        try await group.shutdownGracefully()
    }

    @Test("the budget of input turns is renewed once the loop has run its tasks")
    func inputBudgetRenews() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let turns = try await LoopTurns.open(on: loop)
        let tally = Tally(expected: 8, on: loop)
        for pass in 0..<2 {
            let ran = try await loop.submit {
                for index in 0..<4 { turns.inputArrived { tally.ran("pass \(pass) input \(index)") } }
                return tally.order.count
            }.get()
            #expect(ran == 4 * (pass + 1), "all four served at once in pass \(pass)")
        }
        await turns.close()
        try await group.shutdownGracefully()
    }
}
