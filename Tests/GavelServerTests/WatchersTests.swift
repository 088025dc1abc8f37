import GavelCore
import GavelWire
import NIOCore
import NIOEmbedded
import Testing

@testable import GavelServer

@Suite("watch events")
struct WatchersTests {
    @Test("an event is rendered once: every watcher is handed the same buffer, and each watcher gets it once")
    func renderedOnce() throws {
        let loop = EmbeddedEventLoop()
        let round = RoundID(7)
        let handle = try Handle(parsing: "acme")
        let everything = try Self.connectedChannel(on: loop)
        let ofHandle = try Self.connectedChannel(on: loop)
        let ofRoundAndAll = try Self.connectedChannel(on: loop)
        let elsewhere = try Self.connectedChannel(on: loop)
        var watchers = Watchers(maxPerSession: 10)
        try watchers.add(SessionLink(channel: everything), for: .all)
        try watchers.add(SessionLink(channel: ofHandle), for: .handle(handle))
        let both = SessionLink(channel: ofRoundAndAll)
        try watchers.add(both, for: .round(round))
        try watchers.add(both, for: .all)
        try watchers.add(SessionLink(channel: elsewhere), for: .round(RoundID(8)))

        let event = ServerEvent.cancelled(round: round, handle: handle)
        watchers.publish(event, round: round, handle: handle)

        var storage: Set<UInt> = []
        for channel in [everything, ofHandle, ofRoundAndAll] {
            let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
            #expect(Array(written.readableBytesView) == event.bytes)
            storage.insert(written.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) })
            #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "one copy per watcher")
        }
        #expect(storage.count == 1, "the three watchers were handed one buffer")
        #expect(try elsewhere.readOutbound(as: ByteBuffer.self) == nil)
    }

    static func connectedChannel(on loop: EmbeddedEventLoop) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7070)).wait()
        return channel
    }
}
