import DequeModule
import GavelCore
import GavelWire

/// One connection's session as a value: greeting, AUTH and role, replies in command order, when to take
/// the next line, when to read, and the timers (auth, line, slow reader). Its mutating methods take what
/// happened and return what to do; `SessionHandler` only carries that out, so every transition is tested
/// without a socket (the shape of postgres-nio's `ConnectionStateMachine`).
///
/// Lines are taken from the framer one at a time and only while the session may take one: not while an
/// AUTH is checked (the lines after it run as the account it opens), not with `maxPipelinedCommands`
/// replies pending, not while the client leaves `max_output_buffer_bytes` of replies unread, and at most
/// `fairBatch` in one turn, which also ends once its replies reach `turnOutputBytes` (a line's cost is
/// mostly its reply: sixty-four `ROUNDS state=all` cost far more than sixty-four `PING`s), and not while a
/// command that may read the ledger (`CommandWord.mayReadLedger`) is unanswered: the ledger has one
/// reader for every connection, and one connection's pipelined `RECEIPT`s of old entries would
/// otherwise queue ahead of everyone else's reads. Nothing is read while lines wait in the framer, so
/// what one connection holds is bounded by one read plus one line.
struct SessionStateMachine {
    struct Limits: Hashable, Sendable {
        var maxPipelinedCommands: Int
        var fairBatch: Int
        var authTimeoutMs: Int64
        var idleTimeoutMs: Int64
        var lineTimeoutMs: Int64
        var slowReaderTimeoutMs: Int64
        var maxCommandsPerSecond: Int64
    }

    enum Authentication: Hashable, Sendable {
        case awaiting
        /// An AUTH is being checked: no line is taken until its answer.
        case checking
        case authenticated(Actor)
    }

    /// What to do with a line just taken.
    enum LineAction: Hashable, Sendable {
        /// Its reply is known at once (PING, QUIT, a refusal); queue it with `replyReady`. `word` is nil for
        /// a line that never became a command.
        case reply(Reply, word: CommandWord?, index: Int)
        /// Look the token up; answer with `authSucceeded` or `authFailed`.
        case authenticate(token: String, index: Int)
        /// PUBKEY or HELP: answer from what every session shares, with `replyReady`.
        case answer(Command, index: Int)
        /// Hand the command to the engine; answer with `replyReady`.
        case execute(Command, by: Actor, index: Int)
        /// A bidder's BID or WITHDRAW whose arguments were refused but that carries a ref: the engine
        /// returns the ref's original receipt if it was used before, `refusal` otherwise.
        case repeatReceipt(ref: IdempotencyRef, word: CommandWord, refusal: GavelError, by: Actor, index: Int)
    }

    /// Replies that are next in command order, to write now in one buffer; then `* BYE reason=<bye>` if set,
    /// then the close if `close` is set (after the write).
    /// The first reply is kept apart so that the usual write, one reply, allocates no array.
    struct Write: Hashable, Sendable {
        var first: Reply
        var rest: [Reply] = []
        var bye: String?
        var close = false

        init(first: Reply) {
            self.first = first
        }
    }

    /// What the connection should do about input once something changed.
    enum InputAction: Hashable, Sendable {
        case none
        /// Ask for this connection's next turn: lines wait in the framer.
        case requestTurn
        /// Ask the channel for more bytes: a read was held.
        case read
        /// The client closed its side and everything it sent is answered.
        case close
    }

    /// What a timer firing (or the idle notice) asks for.
    enum TimerAction: Hashable, Sendable {
        case none
        case armLineTimer(deadlineMs: Int64)
        case armIdleTimer(deadlineMs: Int64)
        /// Write `* BYE reason=<reason>`, then close.
        case goodbye(reason: String)
        /// Close without a word (a client that reads nothing would not get it).
        case close
    }

    /// A change of the output buffer: whether to start or stop the slow-reader timer.
    enum WritabilityAction: Hashable, Sendable {
        case none
        case armSlowReaderTimer(inMs: Int64)
        case cancelSlowReaderTimer(then: InputAction)
    }

    /// The reply bytes after which a turn ends, however few lines it took.
    static let turnOutputBytes = 16_384

    /// What a command whose reply grows with the state (`CommandWord.growsWithState`) counts against its
    /// turn's output when it is taken. Its reply is built then but rendered only once the commits it shows
    /// have ended, so counting rendered bytes alone would let one turn take `fair_batch` `ROUNDS` while a
    /// commit is in flight, and the commit's end pay for all of them at once.
    static let stateListingBytes = 2_048

    let limits: Limits
    private(set) var authentication = Authentication.awaiting
    /// Replies not yet written, in command order; `nil` until the command's answer is known.
    private var pending: Deque<Reply?> = []
    private var firstPendingIndex = 0
    /// The connection closes once the reply at this index is written (QUIT, LINE_TOO_LONG, a locked-out
    /// AUTH, the client's end of input).
    private var closesAfterIndex: Int?
    /// The index of the unanswered command that may read the ledger: no line is taken until its answer.
    private var ledgerReadIndex: Int?
    private var byeAfterLastReply: String?
    /// Set once the session decided to close: nothing more is taken, read or answered.
    private(set) var isClosing = false
    private var isInputClosed = false
    /// Lines wait in the framer (reported at the end of each turn).
    private var hasBacklog = false
    private(set) var isTurnRequested = false
    private var linesThisTurn = 0
    /// Reply bytes rendered (and listings taken) since this turn began.
    private(set) var outputBytesThisTurn = 0
    /// The channel asked to read while the session wanted no input; it gets its read when that changes.
    private var isReadHeld = false
    /// More than `max_output_buffer_bytes` of replies wait for the client.
    private(set) var isOutputBlocked = false
    /// When bytes last arrived (or the connection opened): `idle_timeout_ms` runs from here.
    private var lastInputAtMs: Int64 = 0
    /// When the line arriving now began; `nil` between lines.
    private var lineStartedAtMs: Int64?
    private var isLineTimerArmed = false
    private var rateLimiter: CommandRateLimiter
    /// Built once: a flood of refused lines costs no message formatting.
    private let rateLimitedReply: Reply

    init(limits: Limits) {
        precondition(limits.fairBatch > 0 && limits.maxPipelinedCommands > 0, "limits admit at least one line")
        self.limits = limits
        rateLimiter = CommandRateLimiter(commandsPerSecond: limits.maxCommandsPerSecond)
        rateLimitedReply = .failure(
            .rateLimited("more than \(limits.maxCommandsPerSecond) commands per second; try later"))
    }

    var role: Role? {
        if case .authenticated(let actor) = authentication { actor.role } else { nil }
    }

    /// Replies owed: commands taken and not yet answered on the wire.
    var pendingCount: Int { pending.count }

    private var nextIndex: Int { firstPendingIndex + pending.count }

    // MARK: Connection

    /// The connection is up: greet it (the handler writes `* HELLO`), arm the AUTH timer for
    /// `limits.authTimeoutMs` and the idle timer at the deadline returned.
    mutating func connected(nowMs: Int64) -> Int64 {
        lastInputAtMs = nowMs
        return nowMs + limits.idleTimeoutMs
    }

    /// `auth_timeout_ms` passed.
    mutating func authTimerFired() -> TimerAction {
        if case .authenticated = authentication { return .none }
        return goodbye("auth_timeout")
    }

    /// The idle timer fired: goodbye if the client sent nothing for `idle_timeout_ms`, else the timer again
    /// for the last input's deadline (one timer, not one per read).
    mutating func idleTimerFired(nowMs: Int64) -> TimerAction {
        guard !isClosing else { return .none }
        let deadlineMs = lastInputAtMs + limits.idleTimeoutMs
        guard deadlineMs <= nowMs else { return .armIdleTimer(deadlineMs: deadlineMs) }
        return goodbye("idle")
    }

    private mutating func goodbye(_ reason: String) -> TimerAction {
        guard !isClosing else { return .none }
        isClosing = true
        return .goodbye(reason: reason)
    }

    /// `printf 'AUTH t\nSTATS\n' | nc`: the client has said everything; answer it all, then close.
    mutating func inputClosed() -> InputAction {
        isInputClosed = true
        return inputAction()
    }

    /// A commit's outcome is in doubt: neither OK nor ERR would be true, so the connection closes and
    /// the client retries with its ref.
    mutating func commitInDoubt() -> TimerAction {
        guard !isClosing else { return .none }
        isClosing = true
        return .close
    }

    // MARK: Lines and turns

    /// Bytes arrived: `containsLF` whether they end a line, `hasPartialLine` whether the framer now holds a
    /// line without its LF. A line's clock starts with its first byte; the timer is armed once at a time.
    mutating func bytesReceived(containsLF: Bool, hasPartialLine: Bool, nowMs: Int64) -> TimerAction {
        guard !isClosing else { return .none }
        lastInputAtMs = nowMs
        if !hasPartialLine {
            lineStartedAtMs = nil
        } else if containsLF || lineStartedAtMs == nil {
            lineStartedAtMs = nowMs
        }
        guard let startedAtMs = lineStartedAtMs, !isLineTimerArmed else { return .none }
        isLineTimerArmed = true
        return .armLineTimer(deadlineMs: startedAtMs + limits.lineTimeoutMs)
    }

    /// A line still unfinished `line_timeout_ms` after it began ends the connection, however slowly its
    /// bytes keep coming. While the session reads nothing the rest of the line may be waiting unread: its
    /// clock starts over.
    mutating func lineTimerFired(nowMs: Int64) -> TimerAction {
        isLineTimerArmed = false
        guard let startedAtMs = lineStartedAtMs, !isClosing else { return .none }
        let deadlineMs: Int64
        if wantsInput {
            deadlineMs = startedAtMs + limits.lineTimeoutMs
            if deadlineMs <= nowMs { return goodbye("line_timeout") }
        } else {
            lineStartedAtMs = nowMs
            deadlineMs = nowMs + limits.lineTimeoutMs
        }
        isLineTimerArmed = true
        return .armLineTimer(deadlineMs: deadlineMs)
    }

    /// A turn begins: this connection's lines are served now.
    mutating func turnStarted() {
        isTurnRequested = false
        linesThisTurn = 0
        outputBytesThisTurn = 0
    }

    /// Reply bytes were rendered for this connection; those of a turn count against its share.
    mutating func rendered(bytes: Int) {
        outputBytesThisTurn += bytes
    }

    /// Whether the next line may be taken now, within this turn.
    var mayTakeLine: Bool {
        mayTakeLines && linesThisTurn < limits.fairBatch && outputBytesThisTurn < Self.turnOutputBytes
    }

    /// Commands unanswered at once: `max_pipelined_commands`, but no more than `fair_batch`. Replies that
    /// wait for a commit are rendered together when it ends; were they not counted, a connection could
    /// take turn after turn meanwhile, and the commit's end would pay for all of them at once.
    private var maxUnanswered: Int { min(limits.maxPipelinedCommands, limits.fairBatch) }

    private var mayTakeLines: Bool {
        guard !isClosing, closesAfterIndex == nil, ledgerReadIndex == nil, !isOutputBlocked else { return false }
        guard case .checking = authentication else { return pending.count < maxUnanswered }
        return false
    }

    /// Decides what a complete line asks for. Refused lines cost no parsing and no formatting: the rate
    /// limit is checked first and its reply is built once.
    mutating func lineReceived(_ line: ArraySlice<UInt8>, nowMs: Int64) -> LineAction {
        precondition(mayTakeLine, "a line is taken only when the session may take one")
        linesThisTurn += 1
        let index = enqueue()
        do {
            try rateLimiter.admit(at: Timestamp(millisecondsSinceEpoch: nowMs))
        } catch {
            return .reply(rateLimitedReply, word: nil, index: index)
        }
        let command: Command
        do {
            command = try Command(parsing: line)
        } catch {
            if case .authenticated(let actor) = authentication, actor.role == .bidder,
                let (word, ref) = Command.reusableRef(in: line)
            {
                return .repeatReceipt(ref: ref, word: word, refusal: error, by: actor, index: index)
            }
            return .reply(.failure(error), word: nil, index: index)
        }
        do {
            try CommandAccess.authorize(command, role: role)
        } catch {
            return .reply(.failure(error), word: command.word, index: index)
        }
        if command.word.growsWithState { outputBytesThisTurn += Self.stateListingBytes }
        if command.word.mayReadLedger { ledgerReadIndex = index }
        return action(for: command, index: index)
    }

    private mutating func action(for command: Command, index: Int) -> LineAction {
        switch command {
        case .auth(let token):
            authentication = .checking
            return .authenticate(token: token, index: index)
        case .ping:
            return .reply(.pong, word: .ping, index: index)
        case .pubkey, .help:
            return .answer(command, index: index)
        case .quit:
            closesAfterIndex = index
            return .reply(.bye, word: .quit, index: index)
        default:
            guard case .authenticated(let actor) = authentication else {
                return .reply(.failure(.authRequired), word: command.word, index: index)
            }
            return .execute(command, by: actor, index: index)
        }
    }

    /// A line longer than `max_line`: its refusal's index (queue it with `replyReady`); the connection
    /// closes once that reply is written. Nil when the session is already closing.
    mutating func lineTooLong() -> Int? {
        guard !isClosing, closesAfterIndex == nil else { return nil }
        let index = enqueue()
        closesAfterIndex = index
        return index
    }

    private mutating func enqueue() -> Int {
        let index = nextIndex
        pending.append(nil)
        return index
    }

    /// A turn ended; `hasBacklog` whether complete lines still wait in the framer.
    mutating func turnEnded(hasBacklog: Bool) -> InputAction {
        self.hasBacklog = hasBacklog
        return inputAction()
    }

    /// The channel wants to read; whether to let it.
    mutating func readRequested() -> Bool {
        guard wantsInput else {
            isReadHeld = true
            return false
        }
        return true
    }

    /// More bytes are welcome: nothing waits in the framer and lines may be taken.
    private var wantsInput: Bool {
        mayTakeLines && !hasBacklog && !isInputClosed
    }

    /// After any change: serve the lines waiting, read more, or close at the end of input.
    private mutating func inputAction() -> InputAction {
        guard !isClosing else { return .none }
        if (mayTakeLines && hasBacklog) || hasHeldReply {
            guard !isTurnRequested else { return .none }
            isTurnRequested = true
            return .requestTurn
        }
        if isInputClosed, !hasBacklog, pending.isEmpty, !isTurnRequested {
            isClosing = true
            return .close
        }
        if wantsInput, isReadHeld {
            isReadHeld = false
            return .read
        }
        return .none
    }

    // MARK: Replies

    /// Stores a command's reply and says which replies are now next in order to write (nil: none yet, or
    /// this turn's output is spent and they wait for the next turn).
    mutating func replyReady(_ reply: Reply, at index: Int) -> Write? {
        let slot = index - firstPendingIndex
        guard !isClosing, slot >= 0, slot < pending.count else { return nil }
        pending[slot] = reply
        if index == ledgerReadIndex { ledgerReadIndex = nil }
        return nextWrite()
    }

    /// The replies next in order that are ready, unless this turn's output is spent: a reply that waited
    /// for a commit is rendered when the commit ends, outside any turn, so without this a connection's
    /// `ROUNDS` taken during one commit would all be rendered at once when it ends. Call it at the start
    /// of each turn for the replies held back.
    mutating func nextWrite() -> Write? {
        guard !isClosing, outputBytesThisTurn < Self.turnOutputBytes else { return nil }
        var write: Write?
        while write?.close != true, let first = pending.first, let reply = first {
            pending.removeFirst()
            if write == nil { write = Write(first: reply) } else { write?.rest.append(reply) }
            if firstPendingIndex == closesAfterIndex {
                write?.bye = byeAfterLastReply
                write?.close = true
                isClosing = true
            }
            firstPendingIndex += 1
        }
        return write
    }

    /// The next reply in order is ready but this turn's output is spent.
    private var hasHeldReply: Bool {
        if let first = pending.first, first != nil { true } else { false }
    }

    /// What to do about input once written replies made room (call after `replyReady`'s write went out).
    mutating func repliesWritten() -> InputAction {
        inputAction()
    }

    // MARK: AUTH

    /// The token opened this account: AUTH's reply, to queue with `replyReady`.
    mutating func authSucceeded(_ actor: Actor) -> Reply {
        authentication = .authenticated(actor)
        return .authenticated(actor)
    }

    /// How a refused AUTH is answered (from `AuthFailureTracker`).
    enum AuthRefusal: Hashable, Sendable {
        /// `ERR AUTH_FAILED`, at once or after a delay the handler waits first.
        case failed
        /// The tenth failure inside the window: `ERR AUTH_FAILED`, `* BYE reason=auth_failures`, close.
        case lastFailure
        /// The address is locked out: `ERR RATE_LIMITED` without a look at the token, `* BYE`, close.
        case lockedOut
    }

    /// AUTH's reply, to queue with `replyReady`; after the last failure or a lock-out the connection
    /// closes once it is written.
    mutating func authFailed(_ refusal: AuthRefusal, index: Int) -> Reply {
        authentication = .awaiting
        guard refusal != .failed else { return .failure(.authFailed) }
        closesAfterIndex = index
        byeAfterLastReply = "auth_failures"
        return .failure(refusal == .lockedOut ? Self.lockedOut : .authFailed)
    }

    static let lockedOut = GavelError.rateLimited("too many failed AUTHs from this address; try later")

    // MARK: Back-pressure

    /// The replies waiting for this client went over (`isWritable == false`) or back under the limit.
    mutating func writabilityChanged(isWritable: Bool) -> WritabilityAction {
        guard !isClosing, isWritable == isOutputBlocked else { return .none }
        isOutputBlocked = !isWritable
        if isOutputBlocked { return .armSlowReaderTimer(inMs: limits.slowReaderTimeoutMs) }
        return .cancelSlowReaderTimer(then: inputAction())
    }

    /// `slow_reader_timeout_ms` passed since the output went over the limit.
    mutating func slowReaderTimerFired() -> TimerAction {
        guard isOutputBlocked, !isClosing else { return .none }
        isClosing = true
        return .close
    }
}
