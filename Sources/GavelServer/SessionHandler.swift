import GavelCore
import GavelCrypto
import GavelWire
import Logging
import NIOCore

/// One connection: frames its bytes into lines, and carries out what its `SessionStateMachine` decides
/// (greeting, AUTH, dispatch to the engine, replies in command order, turns, reads, timers).
final class SessionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Replies gathered in a turn go to the channel once this many bytes wait, so back-pressure sees them
    /// within a turn, and a flood of short replies costs one write per chunk, not one per line. An eighth
    /// of `max_output_buffer_bytes` at most, so that what a turn adds past the write buffer's high-water
    /// mark (half of it) stays within the limit.
    private let writeChunkBytes: Int

    private let shared: SessionContext
    private let turns: any TurnScheduler
    private let ticket: ConnectionCounter.Ticket?
    private var machine: SessionStateMachine
    private var framer: LineFramer
    private var context: ChannelHandlerContext?
    private var link: SessionLink?
    private var remoteAddress = "unknown"
    private var authTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var lineTimer: Scheduled<Void>?
    private var slowReaderTimer: Scheduled<Void>?
    /// Rendered replies not yet handed to the channel.
    private var outbound: [UInt8] = []
    private var isInTurn = false
    /// Its replies went over `max_output_buffer_bytes` at some point: closing it frees much memory.
    private var hasBackedUp = false

    /// `ticket`: this connection's place in the connection counts, moved out of the unauthenticated budget
    /// when it authenticates.
    init(context shared: SessionContext, turns: any TurnScheduler, ticket: ConnectionCounter.Ticket?) {
        self.shared = shared
        self.turns = turns
        self.ticket = ticket
        machine = SessionStateMachine(limits: shared.sessionLimits)
        framer = LineFramer(maxLineBytes: shared.configuration.maxLineBytes)
        writeChunkBytes = min(16_384, max(512, shared.configuration.maxOutputBufferBytes / 8))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    private var nowMs: Int64 {
        guard let context else { return 0 }
        return Int64(context.eventLoop.now.uptimeNanoseconds / 1_000_000)
    }

    // MARK: Lifecycle

    func channelActive(context: ChannelHandlerContext) {
        link = SessionLink(channel: context.channel)
        remoteAddress = context.remoteAddress?.ipAddress ?? "unknown"
        shared.logger.info("connection opened from \(remoteAddress)")
        context.writeAndFlush(
            wrapOutboundOut(context.channel.allocator.buffer(bytes: shared.hello.bytes)), promise: nil)
        let idleDeadlineMs = machine.connected(nowMs: nowMs)
        authTimer = schedule(in: machine.limits.authTimeoutMs) { $0.perform($0.machine.authTimerFired()) }
        idleTimer = schedule(atMs: idleDeadlineMs) { $0.idleTimerFired() }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        for timer in [authTimer, idleTimer, lineTimer, slowReaderTimer] { timer?.cancel() }
        if hasBackedUp { shared.memoryRelease.backedUpConnectionClosed(on: context.eventLoop) }
        outbound = []
        framer = LineFramer(maxLineBytes: shared.configuration.maxLineBytes)
        if let link {
            let engine = shared.engine
            engine.loop.execute { engine.disconnected(link) }
        }
        shared.logger.info("connection closed from \(remoteAddress)")
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent {
            perform(machine.inputClosed())
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    // MARK: Input

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !machine.isClosing else { return }
        let endedLine = unwrapInboundIn(data).withUnsafeReadableBytes { framer.append($0) }
        perform(machine.bytesReceived(containsLF: endedLine, hasPartialLine: framer.hasPartialLine, nowMs: nowMs))
        guard !machine.isTurnRequested else { return }
        guard turns.mayServeInputNow else {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            return turns.deferInput { bound.value.serveTurn() }
        }
        turns.inputServed(outputBytes: serveTurn())
    }

    /// Reads wait while the session wants no input (lines waiting, replies backed up, AUTH checked).
    func read(context: ChannelHandlerContext) {
        if machine.readRequested() { context.read() }
    }

    /// Takes up to `fair_batch` lines, then lets the other connections have their turn; returns the
    /// bytes the turn rendered.
    @discardableResult
    private func serveTurn() -> Int {
        machine.turnStarted()
        isInTurn = true
        send(machine.nextWrite())
        while machine.mayTakeLine {
            let action: SessionStateMachine.LineAction?
            do {
                let nowMs = nowMs
                action = try framer.nextLine { machine.lineReceived($0, nowMs: nowMs) }
            } catch {
                if let index = machine.lineTooLong() { answer(.failure(error), at: index, for: nil) }
                break
            }
            guard let action else { break }
            perform(action)
        }
        isInTurn = false
        flush()
        perform(machine.turnEnded(hasBacklog: framer.hasCompleteLine))
        return machine.outputBytesThisTurn
    }

    private func perform(_ action: SessionStateMachine.LineAction) {
        switch action {
        case .reply(let reply, let word, let index):
            answer(reply, at: index, for: word)
        case .answer(let command, let index):
            let reply: Reply =
                command == .pubkey
                ? .publicKey(base64: shared.publicKeyBase64, retired: shared.retiredKeys) : .help(role: machine.role)
            answer(reply, at: index, for: command.word)
        case .authenticate(let token, let index):
            authenticate(token, index: index)
        case .execute(let command, let actor, let index):
            guard let link else { return }
            execute(command.word, index: index) { $0.execute(command, by: actor, session: link) }
        case .repeatReceipt(let ref, let word, let refusal, let actor, let index):
            execute(word, index: index) { $0.repeatReceipt(ref: ref, by: actor, otherwise: refusal) }
        }
    }

    private func perform(_ action: SessionStateMachine.InputAction) {
        guard let context else { return }
        switch action {
        case .none: break
        case .requestTurn:
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            turns.requestTurn { bound.value.serveTurn() }
        case .read: context.read()
        case .close: context.close(promise: nil)
        }
    }

    private func perform(_ action: SessionStateMachine.TimerAction) {
        guard let context else { return }
        switch action {
        case .none: break
        case .armLineTimer(let deadlineMs):
            lineTimer = schedule(atMs: deadlineMs) { $0.lineTimerFired() }
        case .armIdleTimer(let deadlineMs):
            idleTimer = schedule(atMs: deadlineMs) { $0.idleTimerFired() }
        case .goodbye(let reason):
            flush()
            outbound = ServerEvent.bye(reason: reason).bytes
            flush(thenClose: true)
        case .close:
            context.close(promise: nil)
        }
    }

    private func idleTimerFired() {
        idleTimer = nil
        perform(machine.idleTimerFired(nowMs: nowMs))
    }

    private func lineTimerFired() {
        lineTimer = nil
        let action = machine.lineTimerFired(nowMs: nowMs)
        if case .goodbye = action {
            shared.logger.info("\(remoteAddress) did not finish a line within \(shared.configuration.lineTimeoutMs) ms")
        }
        perform(action)
    }

    // MARK: Commands

    /// Hands a command to the engine (`run` on its loop) and queues its reply when the engine answers.
    private func execute(
        _ word: CommandWord, index: Int, _ run: @escaping @Sendable (AuctionEngine) -> EventLoopFuture<Reply>
    ) {
        guard let context else { return }
        let decoded = NIODeadline.now()
        let metrics = shared.metrics
        let engine = shared.engine
        // With one event loop (the default) the engine shares this loop: call it directly, no task hop.
        let reply = engine.loop.inEventLoop ? run(engine) : engine.loop.flatSubmit { run(engine) }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        reply.hop(to: context.eventLoop).whenComplete { result in
            let session = bound.value
            if case .failure(let error) = result, error is CommitInDoubt {
                return session.perform(session.machine.commitInDoubt())
            }
            let reply = (try? result.get()) ?? .failure(Self.gavelError(from: result))
            if case .failure(let error) = reply, error.code == .internal {
                // A fault of the server, not of the command: the operator hears of it, not only the client.
                session.shared.logger.error("\(word.rawValue) from \(session.remoteAddress) failed: \(error)")
            }
            if word == .bid { metrics.bidAnswered(decodedAt: decoded) }
            session.answer(reply, at: index, for: word)
        }
    }

    private static func gavelError(from result: Result<Reply, any Error>) -> GavelError {
        guard case .failure(let error) = result else { return .internal("no reply") }
        return error as? GavelError ?? .internal("\(error)")
    }

    /// What one AUTH came to, decided on the engine's loop.
    private enum AuthOutcome {
        case lockedOut
        case succeeded(Actor)
        case failed(AuthFailureTracker.Verdict)
    }

    /// A locked-out address gets `RATE_LIMITED` before its token is looked up. The lock-out check, the
    /// lookup and the count of a failure are one step on the engine's loop, one AUTH at a time whatever
    /// its connection: AUTHs sent at once on many connections from one address must not all pass the
    /// check before the first of them is counted.
    private func authenticate(_ token: String, index: Int) {
        guard let context else { return }
        let digest = SHA256.hexDigest(Array(token.utf8))
        let shared = shared
        let engine = shared.engine
        let address = remoteAddress
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        engine.loop.submit { () -> AuthOutcome in
            let now = shared.clock.now()
            if shared.authFailures.isLockedOut(address, at: now) { return .lockedOut }
            if let actor = shared.actor(forTokenSHA256: digest, account: engine.account(forTokenSHA256: digest)) {
                return .succeeded(actor)
            }
            return .failed(shared.authFailures.recordFailure(from: address, at: now))
        }
        .hop(to: context.eventLoop)
        .whenComplete { result in
            bound.value.finishAuthentication(result, index: index)
        }
    }

    private func finishAuthentication(_ outcome: Result<AuthOutcome, any Error>, index: Int) {
        switch outcome {
        case .success(.succeeded(let actor)):
            authTimer?.cancel()
            if let ticket { shared.connections.authenticated(ticket) }
            shared.logger.info("\(remoteAddress) authenticated as \(actor.name) (\(actor.role.rawValue))")
            answer(machine.authSucceeded(actor), at: index, for: .auth)
        case .success(.lockedOut):
            shared.logger.info("\(remoteAddress) is locked out after failed AUTHs")
            answer(machine.authFailed(.lockedOut, index: index), at: index, for: .auth)
        case .success(.failed(.disconnect)):
            answer(machine.authFailed(.lastFailure, index: index), at: index, for: .auth)
        case .success(.failed(.answer(let delayMs))) where delayMs > 0:
            _ = schedule(in: delayMs) { $0.answer($0.machine.authFailed(.failed, index: index), at: index, for: .auth) }
        case .success(.failed(.answer)), .failure:
            // A failure of the lookup itself means the engine is stopping: no token was checked.
            answer(machine.authFailed(.failed, index: index), at: index, for: .auth)
        }
    }

    // MARK: Output

    /// Counts a command's reply under its word (nil: the line never became a command) and sends what is
    /// now next in order.
    private func answer(_ reply: Reply, at index: Int, for word: CommandWord?) {
        shared.metrics.answered(word, with: reply)
        send(machine.replyReady(reply, at: index))
    }

    /// Renders what is next in order and, outside a turn, writes it at once; then serves the lines that
    /// were waiting for room.
    private func send(_ write: SessionStateMachine.Write?) {
        guard let write else {
            // Replies held back while this turn's output is spent ask for the next turn.
            if !isInTurn { perform(machine.repliesWritten()) }
            return
        }
        let before = outbound.count
        write.first.render(into: &outbound)
        for reply in write.rest { reply.render(into: &outbound) }
        machine.rendered(bytes: outbound.count - before)
        if let bye = write.bye { ServerEvent.bye(reason: bye).render(into: &outbound) }
        if write.close { return flush(thenClose: true) }
        if !isInTurn || outbound.count >= writeChunkBytes { flush() }
        if !isInTurn { perform(machine.repliesWritten()) }
    }

    /// Hands the rendered replies to the channel in one buffer; closing waits for that write to finish.
    private func flush(thenClose: Bool = false) {
        guard let context else { return }
        guard !outbound.isEmpty else {
            if thenClose { context.close(promise: nil) }
            return
        }
        // Sized to fit: `buffer(bytes:)` allocates a default size, then again to grow.
        var buffer = context.channel.allocator.buffer(capacity: outbound.count)
        buffer.writeBytes(outbound)
        outbound.removeAll(keepingCapacity: outbound.count <= writeChunkBytes)
        guard thenClose else {
            // No promise: a future per reply that nobody waits on is an allocation on every BID's path.
            return context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: Back-pressure

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        switch machine.writabilityChanged(isWritable: context.channel.isWritable) {
        case .none: break
        case .armSlowReaderTimer(let inMs):
            hasBackedUp = true
            shared.backPressure.recordHeldRead()
            slowReaderTimer = schedule(in: inMs) { $0.slowReaderTimerFired() }
        case .cancelSlowReaderTimer(let then):
            slowReaderTimer?.cancel()
            slowReaderTimer = nil
            perform(then)
        }
        context.fireChannelWritabilityChanged()
    }

    /// A connection that left `max_output_buffer_bytes` of replies unread for `slow_reader_timeout_ms` is
    /// closed without another word.
    private func slowReaderTimerFired() {
        slowReaderTimer = nil
        guard let context, case .close = machine.slowReaderTimerFired() else { return }
        let bufferedBytes = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        shared.backPressure.recordSlowReaderClosed(bufferedBytes: bufferedBytes)
        shared.logger.warning(
            """
            closing \(remoteAddress): it read no replies for \(shared.configuration.slowReaderTimeoutMs) ms \
            (\(bufferedBytes) bytes of replies waiting)
            """)
        context.close(promise: nil)
    }

    // MARK: Timers

    private func schedule(in milliseconds: Int64, _ body: @escaping (SessionHandler) -> Void) -> Scheduled<Void>? {
        schedule(atMs: nowMs + milliseconds, body)
    }

    /// Runs `body` at `deadlineMs` on the event loop's clock (a test's fake one too).
    private func schedule(atMs deadlineMs: Int64, _ body: @escaping (SessionHandler) -> Void) -> Scheduled<Void>? {
        guard let context else { return nil }
        let bound = NIOLoopBound((self, body), eventLoop: context.eventLoop)
        let deadline = NIODeadline.uptimeNanoseconds(UInt64(max(0, deadlineMs)) * 1_000_000)
        return context.eventLoop.scheduleTask(deadline: deadline) {
            let (session, body) = bound.value
            body(session)
        }
    }
}
