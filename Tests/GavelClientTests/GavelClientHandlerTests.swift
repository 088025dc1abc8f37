import GavelCrypto
import NIOCore
import NIOEmbedded
import Testing

@testable import GavelClient

@Suite("Matching replies to commands, without a socket")
struct GavelClientHandlerTests {
    @Test("an ERR with a code version 1 lacks fails that command only; the next reply still matches")
    func unknownErrorCode() throws {
        let (channel, handler, hello, _) = try Self.greeted()
        #expect(try hello.futureResult.wait().name == "HELLO")
        let replies = Self.send(2, through: handler, on: channel)
        try channel.writeInbound("ERR MOVED try node 2")
        try channel.writeInbound("= row=1")
        try channel.writeInbound("OK count=1")
        #expect(throws: GavelClientError.unknownErrorCode(line: "ERR MOVED try node 2")) {
            try replies[0].futureResult.wait()
        }
        #expect(try replies[1].futureResult.wait() == .ok(ReplyFields("count=1"), rows: [ReplyFields("row=1")]))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test("a reply nobody asked for is a protocol violation: the connection closes")
    func strayReply() throws {
        let (channel, _, _, _) = try Self.greeted()
        try channel.writeInbound("OK stray")
        #expect(!channel.isActive)
    }

    @Test("events between replies go to the stream, not to the waiting command")
    func eventBetweenReplies() async throws {
        let (reply, events) = try Self.replyAfterEvent()
        #expect(reply.line == "OK pong")
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next()?.line == "* CLOSED round=3 handle=acme result=unsold")
    }

    @Test("commands written while replies are being read are flushed once, when the read ends")
    func flushAfterRead() throws {
        let (channel, handler, _, _) = try Self.greeted()
        let first = Self.send(1, through: handler, on: channel)
        #expect(try channel.readOutbound(as: ByteBuffer.self) != nil)
        first[0].futureResult.assumeIsolated().whenSuccess { _ in _ = Self.send(1, through: handler, on: channel) }
        channel.pipeline.syncOperations.fireChannelRead(NIOAny("OK pong"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.pipeline.syncOperations.fireChannelReadComplete()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "PING\n"))
        _ = try? channel.finish()
    }

    /// Runs on one thread, as an EmbeddedChannel must; the async test reads the events afterwards.
    static func replyAfterEvent() throws -> (ServerReply, AsyncStream<ServerEventLine>) {
        let (channel, handler, _, events) = try greeted()
        let replies = send(1, through: handler, on: channel)
        try channel.writeInbound("* CLOSED round=3 handle=acme result=unsold")
        try channel.writeInbound("OK pong")
        let reply = try replies[0].futureResult.wait()
        _ = try? channel.finish()
        return (reply, events)
    }

    static func greeted() throws -> (
        EmbeddedChannel, GavelClientHandler, EventLoopPromise<ServerEventLine>, AsyncStream<ServerEventLine>
    ) {
        let channel = EmbeddedChannel()
        let hello = channel.eventLoop.makePromise(of: ServerEventLine.self)
        let (events, continuation) = AsyncStream.makeStream(of: ServerEventLine.self)
        let handler = GavelClientHandler(hello: hello, events: continuation)
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let key = try Ed25519PrivateKey.generate().publicKey.base64SPKI
        try channel.writeInbound("* HELLO proto=1 server=gaveld/test alg=ed25519 key=\(key)")
        return (channel, handler, hello, events)
    }

    static func send(
        _ count: Int, through handler: GavelClientHandler, on channel: EmbeddedChannel
    ) -> [EventLoopPromise<ServerReply>] {
        let replies = (0..<count).map { _ in channel.eventLoop.makePromise(of: ServerReply.self) }
        handler.send(ByteBuffer(string: String(repeating: "PING\n", count: count)), replies: replies)
        return replies
    }
}
