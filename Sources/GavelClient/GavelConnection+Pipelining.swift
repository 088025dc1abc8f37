import DequeModule
public import GavelWire
import NIOCore

extension GavelConnection {
    /// Sends many commands with up to `window` in flight, and hands each reply to `handle` in order
    /// with the index of its command. Replies are not kept, so a long sequence costs no memory.
    public func send(
        _ commands: some Sequence<Command>, window: Int, _ handle: (_ index: Int, ServerReply) throws -> Void
    ) async throws {
        precondition(window > 0, "at least one command in flight")
        var upcoming = commands.makeIterator()
        var pending: Deque<EventLoopFuture<ServerReply>> = []
        var answered = 0
        var isExhausted = false
        while true {
            // Refill only once half the window has come back, so each refill is one write, not one per reply.
            if !isExhausted, pending.count <= window / 2 {
                var batch: [Command] = []
                while pending.count + batch.count < window, let command = upcoming.next() { batch.append(command) }
                isExhausted = pending.count + batch.count < window
                if !batch.isEmpty { pending.append(contentsOf: submit(batch)) }
            }
            guard let next = pending.popFirst() else { return }
            try handle(answered, try await next.get())
            answered += 1
        }
    }

    /// Sends the commands with up to `window` in flight and returns their replies in order.
    public func send(_ commands: [Command], window: Int = 256) async throws -> [ServerReply] {
        var replies: [ServerReply] = []
        replies.reserveCapacity(commands.count)
        try await send(commands, window: window) { _, reply in replies.append(reply) }
        return replies
    }
}
