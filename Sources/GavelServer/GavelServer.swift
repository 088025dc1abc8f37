import GavelCore
public import GavelCrypto
public import GavelLedger
import GavelWire
public import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Gavel's TCP server: replays the ledger into memory, serves the line protocol, closes rounds on time.
public final class GavelServer: Sendable {
    private let configuration: ServerConfiguration
    private let group: MultiThreadedEventLoopGroup
    private let engine: AuctionEngine
    private let signer: ReceiptSigner
    private let sessionContext: SessionContext
    private let connections = ConnectionCounter()
    private let logger: Logger
    private let serverChannel = Mutex<(any Channel)?>(nil)
    private let openChannels = ChannelRegistry()

    public init(
        configuration: ServerConfiguration, ledger: any Ledger, receiptKey: Ed25519PrivateKey,
        adminTokenSHA256: String?, clock: any WallClock = SystemClock(),
        logger: Logger = Logger(label: "gavel.server")
    ) {
        self.configuration = configuration
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
        signer = ReceiptSigner(key: receiptKey, threads: configuration.signerThreads)
        engine = AuctionEngine(
            loop: group.next(), rules: AuctionRules(config: configuration.auction), ledger: ledger, signer: signer,
            clock: clock, connections: connections, logger: logger)
        sessionContext = SessionContext(
            engine: engine, configuration: configuration, publicKeyBase64: receiptKey.publicKey.base64SPKI,
            adminTokenSHA256: adminTokenSHA256, authFailures: AuthFailureTracker(), clock: clock, logger: logger)
    }

    /// Replays the ledger, closes the rounds whose close time passed while the server was down, and
    /// starts accepting connections. Returns the port it listens on.
    /// A broken ledger throws `LedgerError.broken` naming the first broken seq, unless
    /// `allowBrokenLedger` is set: then it serves the sound prefix and records nothing.
    public func start() async throws -> Int {
        let engine = engine
        let ledger = engine.ledger
        let replayed = try await engine.background.future(on: engine.loop) {
            try await AuctionEngine.replayPrefix(ledger)
        }.get()
        let brokenAtSeq = try brokenSeq(of: replayed)
        try await engine.loop.submit {
            engine.adopt((replayed.state, replayed.records))
            engine.brokenAtSeq = brokenAtSeq
            engine.tick()
        }.get()
        logger.info("ledger replayed: \(replayed.records.count) entries")
        let channel = try await bootstrap().bind(host: configuration.host, port: configuration.port).get()
        serverChannel.withLock { $0 = channel }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info("listening on \(configuration.host):\(port)")
        return port
    }

    /// The first broken seq when the server may start on a broken ledger; throws when it may not.
    private func brokenSeq(of replayed: ReplayedPrefix) throws(LedgerError) -> Int64? {
        guard let broken = replayed.broken else { return nil }
        guard configuration.allowBrokenLedger, case .broken(let seq, let reason) = broken else { throw broken }
        logger.error(
            """
            LEDGER BROKEN at seq=\(seq): \(reason). Started with allow_broken_ledger: serving reads of the \
            \(replayed.records.count) entries before it; every command that would record gets ERR INTERNAL \
            and no round closes on time
            """)
        return seq
    }

    private func bootstrap() -> ServerBootstrap {
        let configuration = configuration
        let connections = connections
        let sessionContext = sessionContext
        let openChannels = openChannels
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                guard connections.admit(limit: configuration.maxConnections) else {
                    return Self.refuse(channel, context: sessionContext)
                }
                openChannels.add(channel)
                channel.closeFuture.whenComplete { _ in connections.release() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: .milliseconds(configuration.idleTimeoutMs)),
                        ByteToMessageHandler(LineFrameDecoder(maxLineBytes: configuration.maxLineBytes)),
                        SessionHandler(context: sessionContext),
                    ])
                }
            }
    }

    /// The greeting every connection gets, then the refusal, then the close.
    private static func refuse(_ channel: any Channel, context: SessionContext) -> EventLoopFuture<Void> {
        var bytes: [UInt8] = []
        context.hello.render(into: &bytes)
        Reply.failure(.tooManyConnections(limit: context.configuration.maxConnections)).render(into: &bytes)
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
            channel.close(promise: nil)
        }
        return channel.eventLoop.makeSucceededVoidFuture()
    }

    /// Stops accepting, lets commits in flight finish, says `* BYE reason=shutdown` to every
    /// connection and closes it, then stops the threads.
    public func shutdown() async {
        let listener = serverChannel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await listener?.close()
        let engine = engine
        try? await engine.loop.flatSubmit { engine.quiesce() }.get()
        for channel in openChannels.all {
            var bytes: [UInt8] = []
            ServerEvent.bye(reason: "shutdown").render(into: &bytes)
            channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
        for channel in openChannels.all { try? await channel.closeFuture.get() }
        try? await signer.shutdown()
        try? await engine.background.shutdown()
        try? await group.shutdownGracefully()
        logger.info("server stopped")
    }
}
