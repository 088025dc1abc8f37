public import GavelWire
public import NIOCore
import NIOPosix
import NIOSSL

/// One connection to a Gavel server: `* HELLO` read, then commands and their replies, pipelined.
///
/// Any number of commands may be in flight; replies are matched in order. Events (`* ...` lines after
/// `HELLO`) go to `events`, never to a reply. Safe to use from any task or thread; from the
/// connection's own `eventLoop`, `submit` writes without a hop.
public final class GavelConnection: Sendable {
    public static let defaultConnectTimeoutMs: Int64 = 10_000
    /// Events kept for a slow reader; older ones are dropped, so a client that never reads its events
    /// (the load generator) does not grow without bound.
    public static let eventBufferLimit = 4096

    public let hello: ServerHello
    public let events: AsyncStream<ServerEventLine>
    public let eventLoop: any EventLoop
    private let channel: any Channel
    private let handler: NIOLoopBound<GavelClientHandler>

    private init(
        hello: ServerHello, events: AsyncStream<ServerEventLine>, channel: any Channel,
        handler: NIOLoopBound<GavelClientHandler>
    ) {
        self.hello = hello
        self.events = events
        self.eventLoop = channel.eventLoop
        self.channel = channel
        self.handler = handler
    }

    /// Connects, optionally over TLS, and waits for `* HELLO`.
    public static func connect(
        host: String, port: Int, tls: GavelTLS? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectTimeoutMs: Int64 = defaultConnectTimeoutMs
    ) async throws -> GavelConnection {
        let loop = group.next()
        let (events, continuation) = AsyncStream.makeStream(
            of: ServerEventLine.self, bufferingPolicy: .bufferingNewest(eventBufferLimit))
        let helloPromise = loop.makePromise(of: ServerEventLine.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.milliseconds(connectTimeoutMs))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        if let tls {
                            try sync.addHandler(
                                NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname))
                        }
                        try sync.addHandler(ByteToMessageHandler(ClientLineDecoder()))
                        try sync.addHandler(GavelClientHandler(hello: helloPromise, events: continuation))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            helloPromise.fail(error)
            continuation.finish()
            throw error
        }
        return try await greet(channel, hello: helloPromise, events: events, timeoutMs: connectTimeoutMs)
    }

    private static func greet(
        _ channel: any Channel, hello: EventLoopPromise<ServerEventLine>, events: AsyncStream<ServerEventLine>,
        timeoutMs: Int64
    ) async throws -> GavelConnection {
        let timeout = channel.eventLoop.scheduleTask(in: .milliseconds(timeoutMs)) {
            hello.fail(GavelClientError.helloTimedOut)
        }
        do {
            let greeting = try await hello.futureResult.get()
            timeout.cancel()
            let loop = channel.eventLoop
            let handler = try await loop.submit {
                NIOLoopBound(
                    try channel.pipeline.syncOperations.handler(type: GavelClientHandler.self), eventLoop: loop)
            }.get()
            return GavelConnection(hello: try ServerHello(greeting), events: events, channel: channel, handler: handler)
        } catch {
            timeout.cancel()
            try? await channel.close()
            throw error
        }
    }

    /// Sends one command and waits for its reply. An `ERR` reply is a `ServerReply`, not a throw;
    /// throws `GavelClientError` when no reply can come.
    public func send(_ command: Command) async throws -> ServerReply {
        try await submit(command).get()
    }

    /// Sends one command; the future completes on `eventLoop` with its reply.
    public func submit(_ command: Command) -> EventLoopFuture<ServerReply> {
        var bytes: [UInt8] = []
        command.render(into: &bytes)
        let reply = eventLoop.makePromise(of: ServerReply.self)
        write(bytes, replies: CollectionOfOne(reply))
        return reply.futureResult
    }

    /// Sends a line as typed (without its LF), for clients that pass a user's words through.
    public func submit(line: String) -> EventLoopFuture<ServerReply> {
        let reply = eventLoop.makePromise(of: ServerReply.self)
        write(Array(line.utf8) + [UInt8(ascii: "\n")], replies: CollectionOfOne(reply))
        return reply.futureResult
    }

    /// Sends the commands in one write; the futures complete in the same order.
    public func submit(_ commands: [Command]) -> [EventLoopFuture<ServerReply>] {
        var bytes: [UInt8] = []
        for command in commands { command.render(into: &bytes) }
        let replies = commands.map { _ in eventLoop.makePromise(of: ServerReply.self) }
        write(bytes, replies: replies)
        return replies.map(\.futureResult)
    }

    private func write(_ bytes: [UInt8], replies: some Sequence<EventLoopPromise<ServerReply>> & Sendable) {
        let buffer = channel.allocator.buffer(bytes: bytes)
        if eventLoop.inEventLoop {
            handler.value.send(buffer, replies: replies)
        } else {
            let handler = handler
            eventLoop.execute { handler.value.send(buffer, replies: replies) }
        }
    }

    /// Completes when the connection has closed, whichever side closed it.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Closes the connection; commands still waiting fail with `connectionClosed`.
    public func close() async {
        try? await channel.close()
    }
}
