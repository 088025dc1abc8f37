import DequeModule
import Glibc
import NIOCore
import NIOPosix
import Synchronization

/// The turns of one event loop's connections. A task queued on the loop would run before the loop polls
/// its sockets again (NIO drains its task queue first), so a connection that kept asking for turns would
/// keep every other one from being read. Instead a byte written to a pipe the loop watches wakes the next
/// round of turns: the pipe is readable only at the loop's next poll, together with every socket that
/// has input, so turns alternate with the others' reads. A wake-up runs at most `turnsPerWakeup` turns:
/// however many connections flood at once, a line that arrives waits for at most that many turns.
///
/// Input on a connection with nothing waiting is served at once, as long as the turns so served since the
/// loop last looked for input rendered less than `passOutputBytes`; past that it goes first at the next
/// wake-up. Twenty flooding connections whose first bytes arrive together are so served a few at a time,
/// not twenty turns' worth of replies in one pass while everyone else waits, and fifty bidders whose BIDs
/// arrive together (which render nothing until their commit) are all served in the pass that read them.
///
/// `@unchecked Sendable`: the queues, `isWoken` and `outputBytesServedOnInput` are touched on `loop` only.
final class LoopTurns: TurnScheduler, @unchecked Sendable {
    /// Four turns of `fair_batch` (64) lines: 256 lines between two polls of the loop's sockets.
    static let turnsPerWakeup = 4
    /// What turns served at once on input may render in one pass over the loop's sockets: four full turns.
    static let passOutputBytes = turnsPerWakeup * SessionStateMachine.turnOutputBytes

    let loop: any EventLoop
    /// Connections with lines left after their turn, in the order they asked.
    private var waiting: Deque<() -> Void> = []
    /// Connections whose input arrived after the loop's share of turns was spent; served first.
    private var arrived: Deque<() -> Void> = []
    private var isWoken = false
    /// What turns served at once on input rendered since the loop last ran its tasks (the end of its pass
    /// over the sockets that had input); nil when none was served since.
    private var outputBytesServedOnInput: Int?
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
        if !isWoken { wake() }
    }

    var mayServeInputNow: Bool {
        loop.preconditionInEventLoop()
        return (outputBytesServedOnInput ?? 0) < Self.passOutputBytes
    }

    func inputServed(outputBytes: Int) {
        if outputBytesServedOnInput == nil { loop.execute { self.outputBytesServedOnInput = nil } }
        outputBytesServedOnInput = (outputBytesServedOnInput ?? 0) + outputBytes
    }

    func deferInput(_ turn: @escaping () -> Void) {
        loop.preconditionInEventLoop()
        arrived.append(turn)
        if !isWoken { wake() }
    }

    /// One byte in the pipe: the loop runs `runRound` at its next poll.
    private func wake() {
        guard let pipe else { return }
        isWoken = true
        pipe.writeAndFlush(pipe.allocator.buffer(integer: UInt8(1)), promise: nil)
    }

    /// Runs `turnsPerWakeup` turns, those of fresh input first but never all of them while a backlog waits
    /// (many light clients must not starve one with a pipeline); the rest, and those they ask for, wait for
    /// the next wake-up, in the order they asked.
    fileprivate func runRound() {
        isWoken = false
        var round: [() -> Void] = []
        while round.count < Self.turnsPerWakeup - 1, let turn = arrived.popFirst() { round.append(turn) }
        while round.count < Self.turnsPerWakeup, let turn = waiting.popFirst() ?? arrived.popFirst() {
            round.append(turn)
        }
        if !waiting.isEmpty || !arrived.isEmpty { wake() }
        for turn in round { turn() }
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
