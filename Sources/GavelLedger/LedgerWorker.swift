import Foundation
import GavelCrypto
import GavelEntry
import GavelPostgres
import Logging

/// The one thread that talks to PostgreSQL for the ledger. Appends queue up while a commit is in
/// flight and the next commit takes them all (group commit), so no event loop ever waits on libpq.
///
/// Refusals are fast (invariant 7): while the connection is lost, a commit is in doubt, or a commit has
/// been stuck for `stallLimitMs`, appends fail at once instead of queueing behind a connect attempt; a
/// heartbeat on an idle connection finds a dead one and reconnects in the background. With a
/// ``WriterLock`` a commit only travels on the session holding the lock (invariant 10).
///
/// `@unchecked Sendable`: the queues and flags are guarded by `condition`; `connection`, `writerLock`
/// and `committedHead` are touched only by the worker thread.
final class LedgerWorker: @unchecked Sendable {
    typealias Completion = Ledger.AppendCompletion
    typealias Job = @Sendable (PostgresConnection?) -> Void

    private struct PendingAppend {
        let records: [LedgerRecord]
        let complete: Completion
    }

    /// Appends queued behind a commit this old are refused rather than held: the commit is stuck.
    static let stallLimitMs = 750
    /// An idle connection is checked this often, and a lost one retried.
    static let heartbeatMs = 1000

    let maximumBatchRecords: Int
    private let connectionString: String
    private let writer: WriterOptions?
    private let timeoutMs: Int
    private let logger: Logger
    private let observer: (any LedgerCommitObserver)?
    private let condition = NSCondition()
    private var appends: [PendingAppend] = []
    private var jobs: [Job] = []
    private var isStopping = false
    private var isInDoubt = false
    /// False from a lost connection until the worker is connected (and holds the lock) again.
    private var isWritable = true
    private var steppedDownReason: String?
    /// When the commit now running started; nil between commits.
    private var commitStartedAt: ContinuousClock.Instant?
    private var thread: Thread?
    private var watchdog: Thread?

    private var connection: PostgresConnection?
    private var writerLock: WriterLock?
    private var committedHead = LedgerHead.empty
    private var lastConnectError: String?

    init(
        connectionString: String, timeoutMs: Int, maximumBatchRecords: Int, observer: (any LedgerCommitObserver)?,
        writer: WriterOptions?, logger: Logger
    ) {
        precondition(maximumBatchRecords > 0, "a batch holds at least one record")
        self.connectionString = connectionString
        self.writer = writer
        self.timeoutMs = timeoutMs
        self.maximumBatchRecords = maximumBatchRecords
        self.observer = observer
        self.logger = logger
    }

    /// `writerLock` is the lock `connection` holds (nil: no fencing, for tools and tests).
    func start(head: LedgerHead, connection: sending PostgresConnection, writerLock: WriterLock?) {
        committedHead = head
        self.connection = connection
        self.writerLock = writerLock
        let thread = Thread { [self] in runLoop() }
        thread.name = "gavel-ledger"
        self.thread = thread
        thread.start()
        let watchdog = Thread { [self] in watchForStalls() }
        watchdog.name = "gavel-ledger-watchdog"
        self.watchdog = watchdog
        watchdog.start()
    }

    /// Queues records for the next commit. While nothing can be committed now, fails at once.
    func append(_ records: [LedgerRecord], complete: @escaping Completion) {
        condition.lock()
        defer { condition.unlock() }
        if let refusal = refusalLocked() {
            complete(.failure(.unavailable(refusal)))
            return
        }
        appends.append(PendingAppend(records: records, complete: complete))
        condition.signal()
    }

    /// Why an append cannot wait for a commit now; nil when it can. Called with `condition` held.
    private func refusalLocked() -> String? {
        if isStopping { return "the ledger is shutting down" }
        if let steppedDownReason { return "this gaveld stepped down: \(steppedDownReason)" }
        if isInDoubt { return "a commit is in doubt" }
        if !isWritable { return "no writable PostgreSQL now" }
        if let commitStartedAt, commitStartedAt.duration(to: .now) > .milliseconds(Self.stallLimitMs) {
            return "a commit is stuck"
        }
        return nil
    }

    /// Refuses the appends queued behind a stuck commit: they would otherwise wait out its timeout.
    private func watchForStalls() {
        while true {
            Thread.sleep(forTimeInterval: 0.1)
            condition.lock()
            if isStopping {
                condition.unlock()
                return
            }
            var refused: [PendingAppend] = []
            if let refusal = refusalLocked(), !appends.isEmpty {
                refused = appends
                appends.removeAll()
                condition.unlock()
                finish(refused, .failure(.unavailable(refusal)))
            } else {
                condition.unlock()
            }
        }
    }

    /// Runs `job` on the worker thread with the connection (nil when it cannot connect now).
    func run(_ job: @escaping Job) {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopping else {
            job(nil)
            return
        }
        jobs.append(job)
        condition.signal()
    }

    /// Finishes what is queued, then ends the thread.
    func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    private enum Work {
        case commit([PendingAppend])
        case jobs([Job])
        case heartbeat
    }

    private func runLoop() {
        while let work = nextWork() {
            switch work {
            case .commit(let batch): commit(batch)
            case .jobs(let jobs):
                for job in jobs { job(connected()) }
                // Busy with reads (a replay after an outage), the heartbeat may not come round: reconnect here.
                if !writableFlag { _ = writable() }
            case .heartbeat: heartbeat()
            }
        }
        connection = nil
    }

    private func nextWork() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        var idleUntil = Date(timeIntervalSinceNow: Double(Self.heartbeatMs) / 1000)
        while appends.isEmpty && jobs.isEmpty && !isStopping {
            guard !condition.wait(until: idleUntil) else { continue }
            // A writer that stepped down has nothing to keep alive, but still serves reads.
            if steppedDownReason == nil { return .heartbeat }
            idleUntil = Date(timeIntervalSinceNow: Double(Self.heartbeatMs) / 1000)
        }
        if !appends.isEmpty {
            var count = 0
            var taken = 0
            while taken < appends.count, taken == 0 || count + appends[taken].records.count <= maximumBatchRecords {
                count += appends[taken].records.count
                taken += 1
            }
            defer { appends.removeFirst(taken) }
            commitStartedAt = .now
            return .commit(Array(appends[..<taken]))
        }
        if !jobs.isEmpty {
            defer { jobs.removeAll() }
            return .jobs(jobs)
        }
        return nil
    }

    private func commit(_ batch: [PendingAppend]) {
        var head = committedHead
        var chained: [PendingAppend] = []
        for append in batch {
            do {
                var next = head
                for record in append.records { next = try next.advanced(by: record) }
                head = next
                chained.append(append)
            } catch {
                append.complete(.failure(.unavailable("append does not continue the committed chain: \(error)")))
            }
        }
        defer { setCommitStarted(nil) }
        guard !chained.isEmpty else { return }
        guard let connection = writable() else {
            finish(chained, .failure(.unavailable(steppedDown ?? "no writable PostgreSQL now")))
            return
        }
        do {
            let records = chained.flatMap(\.records)
            let trees = ReceiptTreeRange.trees(of: records)
            let statement = LedgerInsert.statement(for: records, trees: trees)
            let started = ContinuousClock.now
            _ = try connection.query(prepared: LedgerInsert.name, sql: statement.sql, parameters: statement.parameters)
            observer?.ledgerCommitted(records: records.count, duration: started.duration(to: .now))
            committedHead = head
            finish(chained, .success(trees))
        } catch let error as PostgresError where error.kind == .server && connection.status == .ok {
            logger.error("ledger commit refused: \(error)")
            finish(chained, .failure(.unavailable(error.message)))
        } catch {
            logger.error("ledger commit in doubt: \(error)")
            resolveInDoubt(chained, head: head, trees: ReceiptTreeRange.trees(of: chained.flatMap(\.records)))
        }
    }

    /// Between commits: finds a dead connection before a client's commit does, and reconnects (and takes
    /// the lock again) in the background while appends are refused.
    private func heartbeat() {
        if let connection, connection.status == .ok, writerLock?.mayRecord ?? true {
            do {
                try connection.execute("SELECT 1")
                return
            } catch {
                logger.error("ledger connection lost while idle: \(error)")
                dropConnection()
            }
        }
        _ = writable()
    }

    /// The connection to commit on: live and, with a writer lock, holding it. Reconnects and takes the
    /// lock again after a loss; nil (appends refused) when that fails now; steps down when another
    /// process took over.
    private func writable() -> PostgresConnection? {
        // Never ask for the lock again after stepping down: holding it would only keep the writer out.
        guard steppedDown == nil else { return nil }
        guard let connection = connected() else { return nil }
        if var lock = writerLock, !lock.mayRecord {
            let outcome: WriterLock.Outcome
            do {
                outcome = try WriterLockKey.attempt(
                    &lock, on: connection, committedHead: committedHead, holderName: writer?.applicationName ?? "")
            } catch {
                // The state before the attempt: a claim that may or may not have been written is settled by
                // the next attempt, which steps down unless the claim is still this writer's.
                logger.error("cannot take the writer lock again: \(error)")
                dropConnection()
                return nil
            }
            writerLock = lock
            switch outcome {
            case .write(let epoch):
                logger.notice("holds the writer lock again (epoch \(epoch)); recording resumes")
            case .stepDown(let reason), .refuse(let reason):
                stepDown(reason)
                return nil
            case .wait:
                return nil
            }
        }
        setWritable(true)
        return connection
    }

    /// Stops recording for good: another process is the writer now.
    private func stepDown(_ reason: String) {
        condition.lock()
        let first = steppedDownReason == nil
        steppedDownReason = reason
        let refused = appends
        appends.removeAll()
        condition.unlock()
        finish(refused, .failure(.unavailable("this gaveld stepped down: \(reason)")))
        dropConnection()
        // Only a ledger with a writer lock steps down; its owner says why (gaveld, as it exits).
        if first { writer?.onStepDown(reason) }
    }

    /// The connection died during the commit: hold the replies, refuse new appends, reconnect until
    /// the ledger can be read, and answer each append by whether its entries are there.
    private func resolveInDoubt(_ batch: [PendingAppend], head: LedgerHead, trees: [ReceiptTreeRange]) {
        setInDoubt(true)
        defer { setInDoubt(false) }
        dropConnection()
        var delayMs = 50
        while !stopping {
            if let connection = connected(),
                let result = try? connection.query(
                    "SELECT hash FROM gavel_ledger WHERE seq = $1", parameters: [String(head.seq)])
            {
                if result.rowCount == 1, result.string(row: 0, column: 0) == head.hash {
                    committedHead = head
                    finish(batch, .success(trees))
                } else {
                    finish(batch, .failure(.unavailable("the commit did not happen")))
                }
                _ = writable()
                return
            }
            Thread.sleep(forTimeInterval: Double(delayMs) / 1000)
            delayMs = min(delayMs * 2, 1000)
        }
        finish(batch, .failure(.inDoubt("stopped before PostgreSQL could be read again")))
    }

    private var stopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isStopping
    }

    private var writableFlag: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isWritable
    }

    private var steppedDown: String? {
        condition.lock()
        defer { condition.unlock() }
        return steppedDownReason
    }

    private func setInDoubt(_ inDoubt: Bool) {
        condition.lock()
        isInDoubt = inDoubt
        condition.unlock()
    }

    private func setWritable(_ writable: Bool) {
        condition.lock()
        isWritable = writable
        condition.unlock()
    }

    private func setCommitStarted(_ instant: ContinuousClock.Instant?) {
        condition.lock()
        commitStartedAt = instant
        condition.unlock()
    }

    /// Forgets the connection; with it goes the writer lock it held.
    private func dropConnection() {
        connection = nil
        writerLock?.connectionLost()
        setWritable(false)
    }

    /// Answers each append, a success with the trees its own records are in.
    private func finish(_ batch: [PendingAppend], _ result: Result<[ReceiptTreeRange], LedgerError>) {
        for append in batch {
            append.complete(result.map { trees in trees.filter { $0.holdsAny(of: append.records) } })
        }
    }

    /// The live connection, reconnecting after a failure; nil when PostgreSQL cannot be reached now.
    private func connected() -> PostgresConnection? {
        if let connection, connection.status == .ok { return connection }
        if connection != nil { dropConnection() }
        do {
            connection = try PostgresConnection(
                connectionString: connectionString, timeoutMs: timeoutMs, logger: logger)
            logger.info("ledger connected to PostgreSQL")
            lastConnectError = nil
        } catch {
            // Retried every second during an outage: say it once, and again only when the reason changes.
            let message = "\(error)"
            if message != lastConnectError { logger.error("ledger cannot connect: \(message)") }
            lastConnectError = message
        }
        return connection
    }
}
