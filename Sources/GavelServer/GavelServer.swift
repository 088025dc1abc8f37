import GavelCore
public import GavelCrypto
public import GavelEntry
import GavelServerConfiguration
public import GavelWire
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
    private let connections: ConnectionCounter
    private let metrics: ServerMetrics
    private let logger: Logger
    private let serverChannel = Mutex<(any Channel)?>(nil)
    private let metricsChannel = Mutex<(any Channel)?>(nil)
    private let openChannels = ChannelRegistry()
    /// Each event loop's turns, by loop; filled by `start` before the server listens.
    private let loopTurns = LoopTurns.Registry()
    private let tls: ServerTLS?
    /// What back-pressure on clients that do not read has done so far.
    public let backPressure = BackPressureStatistics()

    /// `retiredKeys`: the keys `receiptKey` replaced, oldest first, which `PUBKEY` lists before it.
    /// `metrics` is also the observer the ledger was given, when its commits are to be measured; with
    /// `configuration.metricsListen` set it must have a Prometheus registry (`ServerMetrics(registry:)`).
    public convenience init(
        configuration: ServerConfiguration, ledger: any Ledger, receiptKey: Ed25519PrivateKey,
        retiredKeys: [RetiredKey] = [], adminTokenSHA256: String?, tls: ServerTLS? = nil,
        clock: any WallClock = SystemClock(), metrics: ServerMetrics = ServerMetrics(),
        logger: Logger = Logger(label: "gavel.server")
    ) {
        self.init(
            configuration: configuration, ledger: ledger, receiptKey: receiptKey, retiredKeys: retiredKeys,
            adminTokenSHA256: adminTokenSHA256, tls: tls, clock: clock, metrics: metrics, logger: logger,
            engineLoop: nil)
    }

    /// `engineLoop`: the loop the engine runs on and its round timers fire on; one of the server's own
    /// loops when nil. A test passes a loop whose time it moves, with a `clock` it moves alike.
    init(
        configuration: ServerConfiguration, ledger: any Ledger, receiptKey: Ed25519PrivateKey,
        retiredKeys: [RetiredKey], adminTokenSHA256: String?, tls: ServerTLS?, clock: any WallClock,
        metrics: ServerMetrics, logger: Logger, engineLoop: (any EventLoop)?
    ) {
        precondition(
            configuration.metricsListen == nil || metrics.registry != nil,
            "serving /metrics needs ServerMetrics(registry:)")
        self.configuration = configuration
        self.tls = tls
        self.metrics = metrics
        self.logger = logger
        connections = ConnectionCounter(gauge: metrics.connections)
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.eventLoopThreads))
        signer = ReceiptSigner(key: receiptKey, threads: configuration.signerThreads)
        engine = AuctionEngine(
            loop: engineLoop ?? group.next(), rules: AuctionRules(config: configuration.auction), ledger: ledger,
            signer: signer, clock: clock, connections: connections, metrics: metrics,
            timerPrecisionMs: configuration.timerPrecisionMs, maxWatches: configuration.maxWatches, logger: logger)
        sessionContext = SessionContext(
            engine: engine, configuration: configuration, publicKeyBase64: receiptKey.publicKey.base64SPKI,
            retiredKeys: retiredKeys, adminTokenSHA256: adminTokenSHA256, authFailures: AuthFailureTracker(),
            connections: connections, backPressure: backPressure, metrics: metrics, clock: clock, logger: logger)
    }

    /// Replays the ledger, closes the rounds whose close time passed while the server was down, and
    /// starts accepting connections. Returns the port it listens on.
    /// A broken ledger throws `LedgerError.broken` naming the first broken seq, unless
    /// `allowBrokenLedger` is set: then it serves the sound prefix and records nothing.
    public func start() async throws -> Int {
        let engine = engine
        let ledger = engine.ledger
        let background = engine.background
        let replayed = try await background.future(on: engine.loop) {
            try await AuctionEngine.replayPrefix(ledger, readAheadOn: background)
        }.get()
        let brokenAtSeq = try brokenSeq(of: replayed)
        try await engine.loop.submit {
            engine.adopt(replayed, brokenAt: brokenAtSeq)
            engine.tick()
        }.get()
        logger.info("ledger replayed: \(replayed.head.seq) entries")
        for loop in group.makeIterator() {
            loopTurns.add(try await LoopTurns.open(on: loop))
        }
        let channel = try await bootstrap().bind(host: configuration.host, port: configuration.port).get()
        serverChannel.withLock { $0 = channel }
        let port = channel.localAddress?.port ?? configuration.port
        logger.info("listening on \(configuration.host):\(port)\(tls == nil ? "" : " (TLS only)")")
        try await startMetrics()
        return port
    }

    /// The port `GET /metrics` answers on once started; nil without `metricsListen`.
    public var metricsPort: Int? {
        metricsChannel.withLock { $0?.localAddress?.port }
    }

    private func startMetrics() async throws {
        guard let address = configuration.metricsListen, let registry = metrics.registry else { return }
        let engine = engine
        let channel: any Channel
        do {
            channel = try await MetricsEndpoint.bind(address, group: group) { loop in
                engine.loop.submit { engine.refreshRoundGauges() }.hop(to: loop).map { registry.emitToBuffer() }
            }
        } catch {
            throw MetricsListenError(address: address, reason: "\(error)")
        }
        metricsChannel.withLock { $0 = channel }
        logger.info("metrics on http://\(address.host):\(channel.localAddress?.port ?? address.port)/metrics")
    }

    /// The first broken seq when the server may start on a broken ledger; throws when it may not.
    private func brokenSeq(of replayed: ReplayedPrefix) throws(LedgerError) -> Int64? {
        guard let broken = replayed.broken else { return nil }
        guard configuration.allowBrokenLedger, case .broken(let seq, let reason) = broken else { throw broken }
        logger.error(
            """
            LEDGER BROKEN at seq=\(seq): \(reason). Started with allow_broken_ledger: serving reads of the \
            \(replayed.head.seq) entries before it; every command that would record gets ERR INTERNAL \
            and no round closes on time
            """)
        return seq
    }

    private func bootstrap() -> ServerBootstrap {
        let configuration = configuration
        let connections = connections
        let sessionContext = sessionContext
        let openChannels = openChannels
        let tls = tls
        let loopTurns = loopTurns
        let limits = ConnectionCounter.Limits(
            maxTotal: configuration.maxConnections, maxPerAddress: configuration.maxConnectionsPerIP,
            maxUnauthenticated: configuration.maxUnauthenticatedConnections,
            maxUnauthenticatedPerAddress: configuration.maxUnauthenticatedConnectionsPerIP)
        // `max_output_buffer_bytes` is shared between the replies gaveld holds (the write buffer's high-water
        // mark) and the kernel's send buffer (Linux doubles what it is given, for its own bookkeeping).
        let heldBytes = configuration.maxOutputBufferBytes / 2
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(heldBytes / 2))
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: heldBytes / 2, high: heldBytes))
            // One read per wake-up: a client's burst is served a turn at a time, not all at once.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { channel in
                let address = channel.remoteAddress?.ipAddress ?? "unknown"
                let ticket: ConnectionCounter.Ticket
                switch connections.admit(address: address, limits: limits) {
                case .failure(let refusal):
                    return Self.refuse(channel, with: refusal, tls: tls, context: sessionContext)
                case .success(let admitted): ticket = admitted
                }
                openChannels.add(channel)
                channel.closeFuture.whenComplete { _ in connections.release(ticket) }
                return channel.eventLoop.makeCompletedFuture {
                    guard let turns = loopTurns.turns(of: channel.eventLoop) else {
                        preconditionFailure("every event loop has its turns before the server listens")
                    }
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(tls.makeHandler()) }
                    try pipeline.addHandler(SessionHandler(context: sessionContext, turns: turns, ticket: ticket))
                }
            }
    }

    /// The greeting every connection gets, then the refusal, then the close; over TLS once the handshake is
    /// done. One that never finishes its handshake is closed after `auth_timeout_ms` all the same.
    private static func refuse(
        _ channel: any Channel, with refusal: GavelError, tls: ServerTLS?, context: SessionContext
    ) -> EventLoopFuture<Void> {
        var bytes: [UInt8] = []
        context.hello.render(into: &bytes)
        Reply.failure(refusal).render(into: &bytes)
        do {
            if let tls { try channel.pipeline.syncOperations.addHandler(tls.makeHandler()) }
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
            channel.close(promise: nil)
        }
        let deadline = channel.eventLoop.scheduleTask(in: .milliseconds(context.configuration.authTimeoutMs)) {
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in deadline.cancel() }
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
        let metricsListener = metricsChannel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await metricsListener?.close()
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
        for turns in loopTurns.all { await turns.close() }
        try? await signer.shutdown()
        try? await engine.background.shutdown()
        try? await group.shutdownGracefully()
        logger.info("server stopped")
    }
}
