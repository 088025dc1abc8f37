import DequeModule
import Glibc
import NIOCore
import NIOPosix
import Synchronization

/// The turns of one event loop's connections. A task queued on the loop would run before the loop polls
/// its sockets again (NIO drains its task queue first), so a connection that kept asking for turns would
/// keep every other one from being read. Instead a byte written to a pipe the loop watches wakes the next
/// round of turns: the pipe is readable only at the loop's next poll, together with every socket that
/// has input, so a round of turns alternates with the others' reads.
///
/// `@unchecked Sendable`: `waiting` and `isWoken` are touched on `loop` only.
final class LoopTurns: TurnScheduler, @unchecked Sendable {
    let loop: any EventLoop
    private var waiting: Deque<() -> Void> = []
    private var isWoken = false
    private var pipe: (any Channel)?

    private init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Opens the wake-up pipe on `loop`.
    static func open(on loop: any EventLoop) async throws -> LoopTurns {
        let turns = LoopTurns(loop: loop)
        var descriptors: [Int32] = [-1, -1]
        guard Glibc.pipe(&descriptors) == 0 else { throw IOError(errnoCode: errno, reason: "pipe") }
        let channel = try await NIOPipeBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Wakeup(turns: turns))
                }
            }
            .takingOwnershipOfDescriptors(input: descriptors[0], output: descriptors[1]).get()
        try await loop.submit { turns.pipe = channel }.get()
        return turns
    }

    func requestTurn(_ turn: @escaping () -> Void) {
        loop.preconditionInEventLoop()
        waiting.append(turn)
        guard !isWoken, let pipe else { return }
        isWoken = true
        pipe.writeAndFlush(pipe.allocator.buffer(integer: UInt8(1)), promise: nil)
    }

    /// Runs the turns asked for before this wake-up; those they ask for wait for the next one.
    fileprivate func runRound() {
        isWoken = false
        var round = waiting
        waiting.removeAll()
        while let turn = round.popFirst() { turn() }
    }

    func close() async {
        let channel = try? await loop.submit { [self] in pipe }.get()
        try? await channel?.close()
    }

    /// Every event loop's turns, by loop: filled before the server listens, read by each new connection.
    final class Registry: Sendable {
        private let byLoop = Mutex<[ObjectIdentifier: LoopTurns]>([:])

        func add(_ turns: LoopTurns) {
            byLoop.withLock { $0[ObjectIdentifier(turns.loop)] = turns }
        }

        func turns(of loop: any EventLoop) -> LoopTurns? {
            byLoop.withLock { $0[ObjectIdentifier(loop)] }
        }

        var all: [LoopTurns] { byLoop.withLock { Array($0.values) } }
    }

    private final class Wakeup: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let turns: LoopTurns

        init(turns: LoopTurns) {
            self.turns = turns
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            turns.runRound()
        }
    }
}
