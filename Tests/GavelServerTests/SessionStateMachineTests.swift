import GavelCore
import GavelWire
import Testing

@testable import GavelServer

/// Every transition of the session, one step and its action at a time, without a socket.
@Suite("Session state machine")
struct SessionStateMachineTests {
    static let limits = SessionStateMachine.Limits(
        maxPipelinedCommands: 3, fairBatch: 4, authTimeoutMs: 10_000, idleTimeoutMs: 60_000, lineTimeoutMs: 1_000,
        slowReaderTimeoutMs: 30_000, maxCommandsPerSecond: 100)
    static let bidder = Actor(name: try! BidderName(parsing: "acme"), role: .bidder)

    static func limits(pipelined: Int, fairBatch: Int, perSecond: Int64) -> SessionStateMachine.Limits {
        var limits = Self.limits
        limits.maxPipelinedCommands = pipelined
        limits.fairBatch = fairBatch
        limits.maxCommandsPerSecond = perSecond
        return limits
    }

    private func line(_ text: String) -> ArraySlice<UInt8> { ArraySlice(text.utf8) }

    private func fail(_ comment: Comment) {
        Issue.record(comment)
    }

    /// A machine whose AUTH succeeded as `actor`.
    private func authenticated(as actor: Actor = Self.bidder) -> SessionStateMachine {
        var machine = SessionStateMachine(limits: Self.limits)
        machine.turnStarted()
        guard case .authenticate(_, let index) = machine.lineReceived(line("AUTH t"), nowMs: 0) else {
            Issue.record("AUTH was not looked up")
            return machine
        }
        _ = machine.replyReady(machine.authSucceeded(actor), at: index)
        return machine
    }

    @Test("connecting arms the AUTH timer, which ends an unauthenticated session but not an authenticated one")
    func authTimer() {
        var machine = SessionStateMachine(limits: Self.limits)
        #expect(machine.connected(nowMs: 5) == 60_005, "the idle deadline")
        #expect(machine.authTimerFired() == .goodbye(reason: "auth_timeout"))
        #expect(machine.isClosing)
        #expect(machine.authTimerFired() == .none, "a closing session says goodbye once")
        var signedIn = authenticated()
        #expect(signedIn.authTimerFired() == .none)
    }

    @Test("idle counts from the last input: the timer moves to its deadline, then says goodbye once")
    func idle() {
        var machine = SessionStateMachine(limits: Self.limits)
        _ = machine.connected(nowMs: 0)
        _ = machine.bytesReceived(containsLF: true, hasPartialLine: false, nowMs: 20_000)
        #expect(machine.idleTimerFired(nowMs: 60_000) == .armIdleTimer(deadlineMs: 80_000))
        #expect(machine.idleTimerFired(nowMs: 80_000) == .goodbye(reason: "idle"))
        #expect(machine.idleTimerFired(nowMs: 90_000) == .none)
    }

    @Test("PING is answered at once and written in order; a command before AUTH is AUTH_REQUIRED")
    func immediateReplies() {
        var machine = SessionStateMachine(limits: Self.limits)
        machine.turnStarted()
        #expect(machine.lineReceived(line("PING"), nowMs: 0) == .reply(.pong, word: .ping, index: 0))
        #expect(machine.replyReady(.pong, at: 0) == .init(replies: [.pong], bye: nil, close: false))
        #expect(
            machine.lineReceived(line("ROUNDS"), nowMs: 0) == .reply(.failure(.authRequired), word: .rounds, index: 1))
        guard case .reply(.failure(let error), nil, 2) = machine.lineReceived(line("FLY"), nowMs: 0) else {
            Issue.record("an unknown word is refused before it is a command")
            return
        }
        #expect(error.code == .unknownCommand)
        #expect(machine.lineReceived(line("HELP"), nowMs: 0) == .answer(.help, index: 3))
    }

    @Test("replies completed out of order are written in command order")
    func replyOrder() {
        var machine = authenticated()
        machine.turnStarted()
        guard case .execute(_, _, let first) = machine.lineReceived(line("ROUNDS"), nowMs: 0),
            case .execute(_, _, let second) = machine.lineReceived(line("INVOICE"), nowMs: 0)
        else { return fail("authenticated commands go to the engine") }
        #expect(machine.replyReady(.ok(), at: second) == nil, "the first command is not answered yet")
        #expect(machine.pendingCount == 2)
        #expect(machine.replyReady(.pong, at: first) == .init(replies: [.pong, .ok()], bye: nil, close: false))
        #expect(machine.pendingCount == 0)
    }

    @Test("QUIT closes after its reply; nothing after it is taken")
    func quit() {
        var machine = SessionStateMachine(limits: Self.limits)
        machine.turnStarted()
        #expect(machine.lineReceived(line("QUIT"), nowMs: 0) == .reply(.bye, word: .quit, index: 0))
        #expect(!machine.mayTakeLine)
        #expect(machine.replyReady(.bye, at: 0) == .init(replies: [.bye], bye: nil, close: true))
        #expect(machine.isClosing)
    }

    @Test("a line too long is refused and the connection closes after the replies before it")
    func lineTooLong() {
        var machine = authenticated()
        machine.turnStarted()
        guard case .execute(_, _, let first) = machine.lineReceived(line("ROUNDS"), nowMs: 0) else {
            return fail("ROUNDS goes to the engine")
        }
        let tooLong = machine.lineTooLong()
        #expect(tooLong == 2)
        #expect(!machine.mayTakeLine)
        #expect(machine.replyReady(.failure(.lineTooLong(maximumBytes: 8)), at: 2) == nil)
        let write = machine.replyReady(.ok(), at: first)
        #expect(write == .init(replies: [.ok(), .failure(.lineTooLong(maximumBytes: 8))], bye: nil, close: true))
    }

    @Test("no line is taken while AUTH is checked; the ones after it wait in the framer for its answer")
    func linesWaitForAuth() {
        var machine = SessionStateMachine(limits: Self.limits)
        machine.turnStarted()
        #expect(machine.lineReceived(line("AUTH secret"), nowMs: 0) == .authenticate(token: "secret", index: 0))
        #expect(!machine.mayTakeLine)
        #expect(machine.turnEnded(hasBacklog: true) == .none)
        #expect(machine.readRequested() == false, "nothing is read while AUTH is checked")
        #expect(machine.replyReady(machine.authSucceeded(Self.bidder), at: 0) != nil)
        #expect(machine.repliesWritten() == .requestTurn, "the lines that waited get a turn")
        #expect(machine.repliesWritten() == .none, "one turn is asked for at a time")
        machine.turnStarted()
        #expect(machine.role == .bidder)
        guard case .execute(.rounds, let actor, 1) = machine.lineReceived(line("ROUNDS"), nowMs: 0) else {
            return fail("the line after AUTH runs as the account it opened")
        }
        #expect(actor == Self.bidder)
    }

    @Test("failed AUTHs: answered and the session goes on; the last failure and a lock-out say BYE and close")
    func authFailures() {
        var machine = SessionStateMachine(limits: Self.limits)
        machine.turnStarted()
        _ = machine.lineReceived(line("AUTH a"), nowMs: 0)
        #expect(machine.authFailed(.failed, index: 0) == .failure(.authFailed))
        #expect(machine.replyReady(.failure(.authFailed), at: 0)?.close == false)
        #expect(machine.mayTakeLine)
        _ = machine.lineReceived(line("AUTH b"), nowMs: 0)
        let lockedOut = machine.authFailed(.lockedOut, index: 1)
        #expect(lockedOut == .failure(SessionStateMachine.lockedOut))
        #expect(lockedOut.bytes.starts(with: Array("ERR RATE_LIMITED".utf8)))
        #expect(machine.replyReady(lockedOut, at: 1) == .init(replies: [lockedOut], bye: "auth_failures", close: true))

        var last = SessionStateMachine(limits: Self.limits)
        last.turnStarted()
        _ = last.lineReceived(line("AUTH c"), nowMs: 0)
        let reply = last.authFailed(.lastFailure, index: 0)
        #expect(
            last.replyReady(reply, at: 0) == .init(replies: [.failure(.authFailed)], bye: "auth_failures", close: true))
    }

    @Test("at most fair_batch lines a turn; lines left over ask for another turn instead of a read")
    func fairBatch() {
        var machine = SessionStateMachine(limits: Self.limits(pipelined: 100, fairBatch: 4, perSecond: 100))
        machine.turnStarted()
        var taken = 0
        while machine.mayTakeLine {
            guard case .reply(let reply, _, let index) = machine.lineReceived(line("PING"), nowMs: 0) else { break }
            _ = machine.replyReady(reply, at: index)
            taken += 1
        }
        #expect(taken == 4)
        #expect(machine.turnEnded(hasBacklog: true) == .requestTurn)
        #expect(machine.isTurnRequested)
        #expect(machine.readRequested() == false, "no read while lines wait")
        machine.turnStarted()
        #expect(machine.mayTakeLine)
        #expect(machine.turnEnded(hasBacklog: false) == .read, "the held read is let through once the lines are served")
    }

    @Test("a turn also ends once its replies reach turnOutputBytes, however few lines it took")
    func turnEndsOnOutput() {
        var machine = SessionStateMachine(limits: Self.limits(pipelined: 100, fairBatch: 64, perSecond: 100))
        machine.turnStarted()
        _ = machine.lineReceived(line("PING"), nowMs: 0)
        machine.rendered(bytes: SessionStateMachine.turnOutputBytes)
        #expect(!machine.mayTakeLine)
        #expect(machine.turnEnded(hasBacklog: true) == .requestTurn)
        machine.turnStarted()
        #expect(machine.mayTakeLine, "the next turn starts afresh")
    }

    @Test("replies that come after the turn's output is spent wait for the next turn, which writes them first")
    func repliesAfterSpentOutputWait() {
        var machine = SessionStateMachine(limits: Self.limits(pipelined: 100, fairBatch: 64, perSecond: 100))
        machine.turnStarted()
        var indexes: [Int] = []
        for _ in 0..<3 {
            guard case .reply(_, _, let index) = machine.lineReceived(line("PING"), nowMs: 0) else {
                return fail("PING is answered at once")
            }
            indexes.append(index)
        }
        #expect(machine.turnEnded(hasBacklog: false) == .none, "three replies owed, nothing to read")
        #expect(machine.replyReady(.pong, at: indexes[0]) == .init(replies: [.pong], bye: nil, close: false))
        machine.rendered(bytes: SessionStateMachine.turnOutputBytes)
        #expect(machine.replyReady(.pong, at: indexes[1]) == nil, "the output of this turn is spent")
        #expect(machine.replyReady(.pong, at: indexes[2]) == nil)
        #expect(machine.repliesWritten() == .requestTurn, "the held replies ask for a turn")
        #expect(machine.repliesWritten() == .none, "once")
        machine.turnStarted()
        #expect(machine.nextWrite() == .init(replies: [.pong, .pong], bye: nil, close: false))
        #expect(machine.pendingCount == 0)
    }

    @Test("a command whose reply grows with the state counts against the turn before its reply exists")
    func listingsCountWhenTaken() {
        var machine = SessionStateMachine(limits: Self.limits(pipelined: 1_000, fairBatch: 64, perSecond: 1_000))
        machine.turnStarted()
        guard case .authenticate(_, let index) = machine.lineReceived(line("AUTH t"), nowMs: 0) else {
            return fail("AUTH was not looked up")
        }
        _ = machine.replyReady(machine.authSucceeded(Self.bidder), at: index)
        var taken = 0
        while machine.mayTakeLine, taken < 64 {
            guard case .execute = machine.lineReceived(line("ROUNDS state=all"), nowMs: 0) else {
                return fail("ROUNDS goes to the engine")
            }
            taken += 1
        }
        let expected = SessionStateMachine.turnOutputBytes / SessionStateMachine.stateListingBytes
        #expect(taken == expected, "no reply was rendered, yet the turn ends after \(expected) listings")
        machine.turnStarted()
        var pings = 0
        while machine.mayTakeLine, pings < 64 {
            _ = machine.lineReceived(line("PING"), nowMs: 0)
            pings += 1
        }
        #expect(pings == 64 - expected, "PING counts only its rendered reply; max unanswered bounds the rest")
    }

    @Test("no more than fair_batch commands unanswered at once, whatever max_pipelined_commands allows")
    func unansweredBoundedByFairBatch() {
        var machine = SessionStateMachine(limits: Self.limits(pipelined: 1_000, fairBatch: 2, perSecond: 100))
        machine.turnStarted()
        _ = machine.lineReceived(line("PING"), nowMs: 0)
        _ = machine.lineReceived(line("PING"), nowMs: 0)
        #expect(machine.turnEnded(hasBacklog: true) == .none, "two wait for their answers: no turn")
        #expect(machine.replyReady(.pong, at: 0) != nil)
        #expect(machine.repliesWritten() == .requestTurn)
    }

    @Test("a command that may read the ledger holds the lines after it until it is answered, then they go on")
    func oneLedgerReadAtATime() {
        var machine = authenticated()
        machine.turnStarted()
        #expect(machine.lineReceived(line("PING"), nowMs: 0) == .reply(.pong, word: .ping, index: 1))
        #expect(
            machine.lineReceived(line("RECEIPT 7"), nowMs: 0) == .execute(.receipt(seq: 7), by: Self.bidder, index: 2))
        #expect(!machine.mayTakeLine, "the next line waits for the read's answer")
        #expect(machine.turnEnded(hasBacklog: true) == .none, "no turn while the read is unanswered")
        #expect(machine.replyReady(.pong, at: 1) != nil, "the replies before it are still written")
        #expect(machine.repliesWritten() == .none)
        #expect(machine.replyReady(.ok(), at: 2) != nil)
        #expect(machine.repliesWritten() == .requestTurn, "its answer lets the lines waiting in the framer go on")
        machine.turnStarted()
        #expect(machine.mayTakeLine)
        _ = machine.lineReceived(line("MYBIDS"), nowMs: 0)
        #expect(!machine.mayTakeLine, "MYBIDS may read the ledger too")
    }

    @Test("the commands that may read the ledger are the listings and receipts of entries it may hold only")
    func ledgerReadingWords() {
        let reading = CommandWord.allCases.filter(\.mayReadLedger)
        #expect(reading == [.myBids, .receipt, .proof, .bids, .ledgerVerify])
    }

    @Test("max_pipelined_commands unanswered stop the lines; an answer makes room")
    func pipelineFull() {
        var machine = authenticated()
        machine.turnStarted()
        for index in 1...3 {
            #expect(
                machine.lineReceived(line("ROUNDS"), nowMs: 0)
                    == .execute(.rounds(.default), by: Self.bidder, index: index))
        }
        #expect(!machine.mayTakeLine)
        #expect(machine.turnEnded(hasBacklog: true) == .none, "no turn while the pipeline is full")
        #expect(machine.replyReady(.ok(), at: 1) != nil)
        #expect(machine.repliesWritten() == .requestTurn)
    }

    @Test("rate-limited lines get the one prepared reply, without being parsed")
    func rateLimited() {
        var machine = SessionStateMachine(limits: Self.limits(pipelined: 100, fairBatch: 100, perSecond: 2))
        machine.turnStarted()
        _ = machine.lineReceived(line("PING"), nowMs: 0)
        _ = machine.lineReceived(line("PING"), nowMs: 0)
        guard case .reply(let first, nil, 2) = machine.lineReceived(line("not even a command"), nowMs: 0),
            case .reply(let second, nil, 3) = machine.lineReceived(line("PING"), nowMs: 0)
        else { return fail("lines past the rate are refused") }
        #expect(first == second)
        #expect(first.bytes == Array("ERR RATE_LIMITED more than 2 commands per second; try later\n".utf8))
        #expect(machine.lineReceived(line("PING"), nowMs: 1_000) == .reply(.pong, word: .ping, index: 4))
    }

    @Test("input closed: close at once when all is answered, else after the last reply and the lines waiting")
    func inputClosed() {
        var idle = SessionStateMachine(limits: Self.limits)
        #expect(idle.inputClosed() == .close)

        var busy = authenticated()
        busy.turnStarted()
        _ = busy.lineReceived(line("ROUNDS"), nowMs: 0)
        #expect(busy.turnEnded(hasBacklog: true) == .requestTurn)
        #expect(busy.inputClosed() == .none, "a turn is owed")
        busy.turnStarted()
        #expect(busy.turnEnded(hasBacklog: false) == .none, "ROUNDS is not answered yet")
        #expect(busy.replyReady(.ok(), at: 1) != nil)
        #expect(busy.repliesWritten() == .close)
    }

    @Test("a line's clock starts with its first byte; the timer is armed once and ends an unfinished line")
    func lineTimeout() {
        var machine = SessionStateMachine(limits: Self.limits)
        #expect(
            machine.bytesReceived(containsLF: false, hasPartialLine: true, nowMs: 100)
                == .armLineTimer(deadlineMs: 1_100))
        #expect(
            machine.bytesReceived(containsLF: false, hasPartialLine: true, nowMs: 500) == .none, "one timer at a time")
        #expect(machine.lineTimerFired(nowMs: 1_100) == .goodbye(reason: "line_timeout"))
    }

    @Test("a line finished in time disarms nothing but is forgotten; a later line gets its own deadline")
    func lineTimerRearms() {
        var machine = SessionStateMachine(limits: Self.limits)
        _ = machine.bytesReceived(containsLF: false, hasPartialLine: true, nowMs: 0)
        #expect(machine.bytesReceived(containsLF: true, hasPartialLine: true, nowMs: 600) == .none)
        #expect(machine.lineTimerFired(nowMs: 1_000) == .armLineTimer(deadlineMs: 1_600), "the new line's deadline")
        _ = machine.bytesReceived(containsLF: true, hasPartialLine: false, nowMs: 1_200)
        #expect(machine.lineTimerFired(nowMs: 1_600) == .none, "no line is unfinished")
    }

    @Test("while nothing is read the unfinished line's clock starts over")
    func lineClockPausedWhileNotReading() {
        var machine = SessionStateMachine(limits: Self.limits)
        _ = machine.bytesReceived(containsLF: false, hasPartialLine: true, nowMs: 0)
        #expect(machine.writabilityChanged(isWritable: false) == .armSlowReaderTimer(inMs: 30_000))
        #expect(machine.lineTimerFired(nowMs: 1_000) == .armLineTimer(deadlineMs: 2_000))
    }

    @Test("replies backed up past the limit stop the lines and the reads; a reader that catches up resumes")
    func backPressure() {
        var machine = SessionStateMachine(limits: Self.limits)
        #expect(machine.writabilityChanged(isWritable: false) == .armSlowReaderTimer(inMs: 30_000))
        #expect(machine.writabilityChanged(isWritable: false) == .none)
        machine.turnStarted()
        #expect(!machine.mayTakeLine)
        #expect(machine.turnEnded(hasBacklog: true) == .none)
        #expect(machine.readRequested() == false)
        #expect(machine.writabilityChanged(isWritable: true) == .cancelSlowReaderTimer(then: .requestTurn))
        machine.turnStarted()
        #expect(machine.turnEnded(hasBacklog: false) == .read)
    }

    @Test("a client that stays over the limit for slow_reader_timeout is closed; one that caught up is not")
    func slowReader() {
        var machine = SessionStateMachine(limits: Self.limits)
        _ = machine.writabilityChanged(isWritable: false)
        #expect(machine.slowReaderTimerFired() == .close)
        #expect(machine.isClosing)
        var reader = SessionStateMachine(limits: Self.limits)
        _ = reader.writabilityChanged(isWritable: false)
        _ = reader.writabilityChanged(isWritable: true)
        #expect(reader.slowReaderTimerFired() == .none)
    }

    @Test("a commit in doubt closes without a reply")
    func commitInDoubt() {
        var machine = authenticated()
        #expect(machine.commitInDoubt() == .close)
        #expect(machine.replyReady(.ok(), at: 1) == nil)
    }

    @Test("a closing session ignores a second doubt, input and a line too long: it is already on its way out")
    func closingIgnoresTheRest() {
        var machine = authenticated()
        #expect(machine.commitInDoubt() == .close)
        #expect(machine.commitInDoubt() == .none)
        #expect(machine.bytesReceived(containsLF: false, hasPartialLine: true, nowMs: 100) == .none)
        #expect(machine.lineTooLong() == nil)
        var quitting = SessionStateMachine(limits: Self.limits)
        quitting.turnStarted()
        _ = quitting.lineReceived(line("QUIT"), nowMs: 0)
        #expect(quitting.lineTooLong() == nil, "after QUIT nothing more is answered")
    }

    @Test("a command of the other role is FORBIDDEN before it reaches the engine")
    func otherRolesCommand() {
        var machine = authenticated()
        machine.turnStarted()
        guard case .reply(.failure(let error), .close, 1) = machine.lineReceived(line("CLOSE 1"), nowMs: 0) else {
            return fail("a bidder's CLOSE is refused by the session")
        }
        #expect(error.code == .forbidden)
        var auctioneer = authenticated(as: Actor(name: .bootstrapAuctioneer, role: .auctioneer))
        auctioneer.turnStarted()
        guard case .reply(.failure(let refused), .myBids, 1) = auctioneer.lineReceived(line("MYBIDS"), nowMs: 0)
        else { return fail("an auctioneer's MYBIDS is refused by the session") }
        #expect(refused.code == .forbidden)
    }

    @Test("a bidder's refused BID with a ref asks the engine for the ref's receipt; without a ref it is refused")
    func reusedRef() {
        var machine = authenticated()
        machine.turnStarted()
        guard
            case .repeatReceipt(let ref, .bid, let refusal, _, 1) = machine.lineReceived(
                line("BID 11 -5 ref=r1"), nowMs: 0)
        else { return fail("the ref is looked up") }
        #expect(ref.value == "r1")
        #expect(refusal.code == .badAmount)
        guard case .reply(.failure(let error), nil, 2) = machine.lineReceived(line("BID 11 -5"), nowMs: 0) else {
            return fail("without a ref the refusal stands")
        }
        #expect(error.code == .badAmount)
        var auctioneer = authenticated(as: Actor(name: .bootstrapAuctioneer, role: .auctioneer))
        auctioneer.turnStarted()
        guard case .reply = auctioneer.lineReceived(line("BID 11 -5 ref=r1"), nowMs: 0) else {
            return fail("an auctioneer has no bids to repeat")
        }
    }
}

extension SessionStateMachine.Write {
    /// A write of `replies` (at least one), spelled out as a test expects it.
    init(replies: [Reply], bye: String?, close: Bool) {
        precondition(!replies.isEmpty, "a write holds at least one reply")
        self.init(first: replies[0])
        rest = Array(replies.dropFirst())
        self.bye = bye
        self.close = close
    }
}
