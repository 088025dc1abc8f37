import GavelWire
import NIOCore

/// The engine's handle on one connection: where to send the events that connection watches.
final class SessionLink: Sendable, Hashable {
    let channel: any Channel

    init(channel: any Channel) {
        self.channel = channel
    }

    /// Writes a rendered event between replies; `writeAndFlush` is safe from any thread and keeps the
    /// event whole, so it never lands inside a reply's rows. Every watcher is handed the same buffer.
    func send(_ event: ByteBuffer) {
        channel.writeAndFlush(event, promise: nil)
    }

    static func == (lhs: SessionLink, rhs: SessionLink) -> Bool { lhs === rhs }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
}
