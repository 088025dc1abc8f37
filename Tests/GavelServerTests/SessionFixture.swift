import GavelCore
import GavelCrypto
import GavelEntry
import GavelServerConfiguration
import GavelWire
import Logging
import NIOCore
import NIOEmbedded

@testable import GavelServer

/// Sessions on `EmbeddedChannel`s over one embedded event loop, whose clock moves only when a test says
/// (`advance`): timeouts are tested without waiting for them. The engine runs on the same loop, over an
/// in-memory ledger.
final class SessionFixture {
    static let adminToken = "admin-token-for-session-tests"

    let loop = EmbeddedEventLoop()
    let turns = ManualTurns()
    let connections = ConnectionCounter()
    let authFailures = AuthFailureTracker()
    let clock = FixedClock()
    let context: SessionContext
    /// One signing thread, idle unless a test signs.
    private let signer: ReceiptSigner

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        // Long enough that only the tests about it meet the AUTH timeout.
        configuration.authTimeoutMs = 100_000
        configure(&configuration)
        var logger = Logger(label: "gavel.session-test")
        logger.logLevel = .critical
        let key = try Ed25519PrivateKey.generate()
        signer = ReceiptSigner(key: key, threads: 1)
        let engine = AuctionEngine(
            loop: loop, rules: AuctionRules(config: configuration.auction), ledger: InMemoryLedger(), signer: signer,
            clock: clock, connections: connections, metrics: ServerMetrics(), timerPrecisionMs: 10,
            maxWatches: configuration.maxWatches, logger: logger)
        context = SessionContext(
            engine: engine, configuration: configuration, publicKeyBase64: key.publicKey.base64SPKI, retiredKeys: [],
            adminTokenSHA256: SHA256.hexDigest(Array(Self.adminToken.utf8)), authFailures: authFailures,
            connections: connections, backPressure: BackPressureStatistics(), metrics: ServerMetrics(), clock: clock,
            logger: logger)
    }

    /// A connected session; its greeting is already read.
    func connect() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(loop: loop)
        try channel.pipeline.syncOperations.addHandler(SessionHandler(context: context, turns: turns, ticket: nil))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let hello = try lines(channel)
        guard hello.count == 1, hello[0].hasPrefix("* HELLO") else { throw FixtureError.noGreeting(hello) }
        return channel
    }

    /// Sends `text` as one read and lets the loop run what it queued (engine answers, AUTH lookups).
    func send(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
        loop.run()
    }

    /// The lines written to the client since the last call.
    func lines(_ channel: EmbeddedChannel) throws -> [String] {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text.split(separator: "\n").map(String.init)
    }

    func advance(byMs milliseconds: Int64) {
        loop.advanceTime(by: .milliseconds(milliseconds))
    }

    enum FixtureError: Error {
        case noGreeting([String])
    }
}

/// Turns run only when a test says, one round at a time, so a test counts what each connection got.
final class ManualTurns: TurnScheduler {
    private var waiting: [() -> Void] = []
    private(set) var roundsRun = 0

    var waitingCount: Int { waiting.count }

    func requestTurn(_ turn: @escaping () -> Void) {
        waiting.append(turn)
    }

    /// Input is served at once: these tests count the turns of backlogs.
    var mayServeInputNow: Bool { true }

    func inputServed(outputBytes: Int) {}

    func deferInput(_ turn: @escaping () -> Void) {
        waiting.append(turn)
    }

    /// Runs the turns asked for so far; the ones they ask for wait for the next round.
    func runRound() {
        let round = waiting
        waiting = []
        roundsRun += 1
        for turn in round { turn() }
    }
}
