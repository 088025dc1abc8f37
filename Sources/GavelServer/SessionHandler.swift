import DequeModule
import GavelCore
import GavelCrypto
import GavelWire
import Logging
import NIOCore

/// One connection's session: greeting, AUTH and role, dispatch to the engine, and replies written in
/// command order however the engine's futures complete.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = FramedLine
    typealias OutboundOut = ByteBuffer

    private let shared: SessionContext
    private var actor: Actor?
    private var link: SessionLink?
    /// Replies not yet written, in command order; `nil` until the command's answer is known.
    private var pending: Deque<Reply?> = []
    private var firstPendingIndex = 0
    /// The index the next command line gets: every earlier one is written or still pending.
    private var nextIndex: Int { firstPendingIndex + pending.count }
    /// Lines that arrived while an AUTH was being checked: they run as the account it opens.
    private var heldLines: Deque<(index: Int, bytes: [UInt8])> = []
    private var isAuthenticating = false
    /// The connection closes once the reply at this index is written (QUIT, LINE_TOO_LONG, failures).
    private var closesAfterIndex: Int?
    private var byeReasonAfterLastReply: String?
    private var authTimer: Scheduled<Void>?
    /// Reading is off because `max_pipelined_commands` replies are pending; the option is set only when this
    /// changes, not for every reply.
    private var isPipelineFull = false
    /// When the line arriving now began; `nil` between lines.
    private var lineStartedAt: NIODeadline?
    /// At most one, re-armed when it fires for a line that began after the one that armed it.
    private var lineTimer: Scheduled<Void>?
    private var remoteAddress = "unknown"
    private var rateLimiter: CommandRateLimiter

    init(context shared: SessionContext) {
        self.shared = shared
        rateLimiter = CommandRateLimiter(commandsPerSecond: shared.configuration.maxCommandsPerSecond)
    }

    func channelActive(context: ChannelHandlerContext) {
        link = SessionLink(channel: context.channel)
        remoteAddress = context.remoteAddress?.ipAddress ?? "unknown"
        shared.logger.info("connection opened from \(remoteAddress)")
        send(shared.hello.bytes, context, thenClose: false)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        authTimer = context.eventLoop.scheduleTask(in: .milliseconds(shared.configuration.authTimeoutMs)) {
            let (session, context) = bound.value
            if session.actor == nil { session.sayGoodbye("auth_timeout", context) }
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        authTimer?.cancel()
        lineTimer?.cancel()
        if let link {
            let engine = shared.engine
            engine.loop.execute { engine.disconnected(link) }
        }
        shared.logger.info("connection closed from \(remoteAddress)")
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            sayGoodbye("idle", context)
        } else if case .some(.inputClosed) = event as? ChannelEvent {
            // `printf 'AUTH t\nSTATS\n' | nc`: the client has said everything; answer it all, then close.
            guard closesAfterIndex == nil else { return }
            if pending.isEmpty {
                context.close(promise: nil)
            } else {
                closesAfterIndex = nextIndex - 1
            }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard closesAfterIndex == nil else { return }
        switch unwrapInboundIn(data) {
        case .lineStarted:
            lineStarted(context)
        case .tooLong(let error):
            lineStartedAt = nil
            let index = enqueue()
            closesAfterIndex = index
            complete(index, with: .failure(error), for: nil, context)
        case .line(let bytes):
            lineStartedAt = nil
            let index = enqueue()
            if isAuthenticating {
                heldLines.append((index, bytes))
            } else {
                handle(bytes, index: index, context)
            }
        }
        if !isPipelineFull, pending.count >= shared.configuration.maxPipelinedCommands {
            isPipelineFull = true
            context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }
    }

    /// A slot for the reply of the command that just arrived; its index.
    private func enqueue() -> Int {
        let index = nextIndex
        pending.append(nil)
        return index
    }

    private func lineStarted(_ context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        lineStartedAt = now
        if lineTimer == nil { armLineTimer(at: now + .milliseconds(shared.configuration.lineTimeoutMs), context) }
    }

    private func armLineTimer(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        lineTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (session, context) = bound.value
            session.lineTimerFired(context)
        }
    }

    /// A line still unfinished `line_timeout_ms` after it began ends the connection, however slowly its
    /// bytes keep coming; a later line gets the timer again, for its own deadline. While the pipeline is
    /// full the server reads nothing, so the rest of the line may be waiting unread: its clock starts over.
    private func lineTimerFired(_ context: ChannelHandlerContext) {
        lineTimer = nil
        guard let startedAt = lineStartedAt, closesAfterIndex == nil else { return }
        let timeout = TimeAmount.milliseconds(shared.configuration.lineTimeoutMs)
        if isPipelineFull {
            lineStartedAt = .now()
            return armLineTimer(at: .now() + timeout, context)
        }
        let deadline = startedAt + timeout
        if deadline <= .now() {
            shared.logger.info("\(remoteAddress) did not finish a line within \(shared.configuration.lineTimeoutMs) ms")
            sayGoodbye("line_timeout", context)
        } else {
            armLineTimer(at: deadline, context)
        }
    }

    private func handle(_ bytes: [UInt8], index: Int, _ context: ChannelHandlerContext) {
        let command: Command
        var word: CommandWord?
        do {
            try rateLimiter.admit(at: shared.clock.now())
            command = try Command(parsing: bytes)
            word = command.word
            try CommandAccess.authorize(command, role: actor?.role)
        } catch {
            return complete(index, with: .failure(error), for: word, context)
        }
        switch command {
        case .auth(let token): authenticate(token, index: index, context)
        case .ping: complete(index, with: .pong, for: .ping, context)
        case .pubkey:
            complete(
                index, with: .publicKey(base64: shared.publicKeyBase64, retired: shared.retiredKeys), for: .pubkey,
                context)
        case .help: complete(index, with: .help(role: actor?.role), for: .help, context)
        case .quit:
            closesAfterIndex = index
            complete(index, with: .bye, for: .quit, context)
        default:
            guard let actor, let link else {
                return complete(index, with: .failure(.authRequired), for: command.word, context)
            }
            execute(command, by: actor, link: link, index: index, context)
        }
    }

    /// Hands a command to the engine and queues its reply when the engine answers.
    private func execute(
        _ command: Command, by actor: Actor, link: SessionLink, index: Int, _ context: ChannelHandlerContext
    ) {
        let decoded = NIODeadline.now()
        let word = command.word
        let metrics = shared.metrics
        let engine = shared.engine
        // With one event loop (the default) the engine shares this loop: call it directly, no task hop.
        let reply =
            engine.loop.inEventLoop
            ? engine.execute(command, by: actor, session: link)
            : engine.loop.flatSubmit { engine.execute(command, by: actor, session: link) }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        reply.hop(to: context.eventLoop).whenComplete { result in
            let (session, context) = bound.value
            if case .failure(let error) = result, error is CommitInDoubt {
                // Neither OK nor ERR would be true: close, and the client retries with its ref.
                return context.close(promise: nil)
            }
            let reply = (try? result.get()) ?? .failure(Self.gavelError(from: result))
            if word == .bid { metrics.bidAnswered(decodedAt: decoded) }
            session.complete(index, with: reply, for: word, context)
        }
    }

    private static func gavelError(from result: Result<Reply, any Error>) -> GavelError {
        guard case .failure(let error) = result else { return .internal("no reply") }
        return error as? GavelError ?? .internal("\(error)")
    }

    private func authenticate(_ token: String, index: Int, _ context: ChannelHandlerContext) {
        isAuthenticating = true
        let digest = SHA256.hexDigest(Array(token.utf8))
        let engine = shared.engine
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        engine.loop.submit { engine.account(forTokenSHA256: digest) }
            .hop(to: context.eventLoop)
            .whenComplete { result in
                let (session, context) = bound.value
                session.finishAuthentication(try? result.get(), digest: digest, index: index, context)
            }
    }

    private func finishAuthentication(_ account: Account?, digest: String, index: Int, _ context: ChannelHandlerContext)
    {
        if let actor = shared.actor(forTokenSHA256: digest, account: account) {
            self.actor = actor
            authTimer?.cancel()
            shared.logger.info("\(remoteAddress) authenticated as \(actor.name) (\(actor.role.rawValue))")
            complete(index, with: .authenticated(actor), for: .auth, context)
            return resumeHeldLines(context)
        }
        switch shared.authFailures.recordFailure(from: remoteAddress, at: shared.clock.now()) {
        case .disconnect:
            closesAfterIndex = index
            byeReasonAfterLastReply = "auth_failures"
            complete(index, with: .failure(.authFailed), for: .auth, context)
            heldLines.removeAll()
        case .answer(let delayMs):
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(delayMs)) {
                let (session, context) = bound.value
                session.complete(index, with: .failure(.authFailed), for: .auth, context)
                session.resumeHeldLines(context)
            }
        }
    }

    private func resumeHeldLines(_ context: ChannelHandlerContext) {
        isAuthenticating = false
        while !isAuthenticating, let (index, bytes) = heldLines.popFirst() {
            handle(bytes, index: index, context)
        }
    }

    /// Stores a command's reply, counts it under its command word (nil: the line never became a
    /// command), and writes every reply that is now next in order.
    private func complete(_ index: Int, with reply: Reply, for word: CommandWord?, _ context: ChannelHandlerContext) {
        let slot = index - firstPendingIndex
        guard slot >= 0, slot < pending.count else { return }
        pending[slot] = reply
        shared.metrics.answered(word, with: reply)
        var bytes: [UInt8] = []
        var closing = false
        while !closing, let first = pending.first, let reply = first {
            pending.removeFirst()
            reply.render(into: &bytes)
            if firstPendingIndex == closesAfterIndex {
                if let reason = byeReasonAfterLastReply { ServerEvent.bye(reason: reason).render(into: &bytes) }
                closing = true
            }
            firstPendingIndex += 1
        }
        guard !bytes.isEmpty else { return }
        send(bytes, context, thenClose: closing)
        if isPipelineFull, !closing, pending.count < shared.configuration.maxPipelinedCommands {
            isPipelineFull = false
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
        }
    }

    /// Writes in one buffer every reply that is ready; closing waits for that write to finish.
    private func send(_ bytes: [UInt8], _ context: ChannelHandlerContext, thenClose: Bool) {
        let channel = context.channel
        let written = context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(bytes: bytes)))
        if thenClose { written.whenComplete { _ in channel.close(promise: nil) } }
    }

    /// `* BYE reason=<word>`, then the connection closes.
    func sayGoodbye(_ reason: String, _ context: ChannelHandlerContext) {
        closesAfterIndex = closesAfterIndex ?? nextIndex
        send(ServerEvent.bye(reason: reason).bytes, context, thenClose: true)
    }
}
