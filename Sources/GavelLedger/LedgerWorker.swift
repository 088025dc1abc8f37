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
/// What may wait for a commit and what is refused is decided by ``LedgerWriterStateMachine``; this class
/// carries its answers out: the thread, the connection, the lock, the callbacks.
///
/// Reads go to ``LedgerReader``, on a connection of their own: this thread only commits.
///
/// With a receipt key, the thread also signs each commit's trees (one signature per tree) while
/// PostgreSQL runs the commit, so a receipt needs no other thread once its commit ends; the signatures are
/// kept by the next commit's statement, or by a statement of their own once the writer is idle or stops.
///
/// `@unchecked Sendable`: `state` is guarded by `condition`, `hasFinished` by `finished`; `connection`,
/// `writerLock`, `signer`,
/// `unkeptSignatures` and `committedHead` are touched only by the worker thread.
final class LedgerWorker: @unchecked Sendable {
    typealias Completion = Ledger.AppendCompletion

    /// Appends queued behind a commit this old are refused rather than held: the commit is stuck.
    static let stallLimitMs = 750
    /// An idle connection is checked this often, and a lost one retried.
    static let heartbeatMs = 1000

    private let connectionString: String
    private let writer: WriterOptions?
    private let timeoutMs: Int
    private let logger: Logger
    private let observer: (any LedgerCommitObserver)?
    private let receiptKey: Ed25519PrivateKey?
    /// The key's base64 SPKI, under which signatures are kept: encoded once, not on every commit.
    private let receiptPublicKey: String?
    private let condition = NSCondition()
    private var state: LedgerWriterStateMachine
    private var thread: Thread?
    /// Set by the worker thread as it ends, under `finished`.
    private let finished = NSCondition()
    private var hasFinished = false
    private var watchdog: Thread?

    private var connection: PostgresConnection?
    private var writerLock: WriterLock?
    private lazy var signer = receiptKey.map { Ed25519Signer(key: $0) }
    /// Signed trees of committed entries whose signatures no statement has kept yet.
    private var unkeptSignatures: [SignedReceiptTree] = []
    private var committedHead = LedgerHead.empty
    private var lastConnectError: String?

    init(
        connectionString: String, timeoutMs: Int, maximumBatchRecords: Int, observer: (any LedgerCommitObserver)?,
        receiptKey: Ed25519PrivateKey?, writer: WriterOptions?, logger: Logger
    ) {
        state = LedgerWriterStateMachine(
            stallLimit: .milliseconds(Self.stallLimitMs), maximumBatchRecords: maximumBatchRecords)
        self.connectionString = connectionString
        self.writer = writer
        self.timeoutMs = timeoutMs
        self.observer = observer
        self.receiptKey = receiptKey
        receiptPublicKey = receiptKey?.publicKey.base64SPKI
        self.logger = logger
    }

    /// `writerLock` is the lock `connection` holds (nil: no fencing, for tools and tests).
    func start(head: LedgerHead, connection: sending PostgresConnection, writerLock: WriterLock?) {
        committedHead = head
        self.connection = connection
        self.writerLock = writerLock
        thread = NamedThread.start("gavel-ledger") { [self] in runLoop() }
        watchdog = NamedThread.start("gavel-watchdog") { [self] in watchForStalls() }
    }

    /// Queues records for the next commit. While nothing can be committed now, fails at once.
    func append(_ records: [LedgerRecord], complete: @escaping Completion) {
        condition.lock()
        defer { condition.unlock() }
        if let refusal = state.append(PendingAppend(records: records, complete: complete), at: .now) {
            complete(.failure(.unavailable(refusal)))
            return
        }
        condition.signal()
    }

    /// Refuses the appends queued behind a stuck commit: they would otherwise wait out its timeout.
    private func watchForStalls() {
        while true {
            Thread.sleep(forTimeInterval: 0.1)
            condition.lock()
            if state.isStopping {
                condition.unlock()
                return
            }
            let refused = state.refuseQueued(at: .now)
            condition.unlock()
            if let refused { finish(refused.appends, .failure(.unavailable(refused.reason))) }
        }
    }

    /// Finishes what is queued, then ends the thread; with `waiting`, returns once it has ended.
    func stop(waiting: Bool = false) {
        condition.lock()
        state.stop()
        condition.signal()
        condition.unlock()
        guard waiting, thread != nil else { return }
        finished.lock()
        while !hasFinished { finished.wait() }
        finished.unlock()
    }

    private enum Work {
        case commit([PendingAppend])
        case heartbeat
    }

    private func runLoop() {
        while let work = nextWork() {
            switch work {
            case .commit(let batch): commit(batch)
            case .heartbeat: heartbeat()
            }
        }
        // Only on a live connection: stopping never waits for a reconnect, and a signature not kept is
        // made again when its tree is read.
        if !unkeptSignatures.isEmpty, let connection, connection.status == .ok, writerLock?.mayRecord ?? true {
            try? keepSignatures(on: connection)
        }
        connection = nil
        finished.lock()
        hasFinished = true
        finished.broadcast()
        finished.unlock()
    }

    private func nextWork() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        var idleUntil = Date(timeIntervalSinceNow: Double(Self.heartbeatMs) / 1000)
        while state.queue.isEmpty && !state.isStopping {
            guard !condition.wait(until: idleUntil) else { continue }
            // A writer that stepped down has nothing to keep alive (its reads go to the reader).
            if !state.hasSteppedDown { return .heartbeat }
            idleUntil = Date(timeIntervalSinceNow: Double(Self.heartbeatMs) / 1000)
        }
        if let batch = state.takeBatch(at: .now) { return .commit(batch) }
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
        defer { withState { $0.commitEnded() } }
        guard !chained.isEmpty else { return }
        guard let connection = writable() else {
            finish(chained, .failure(.unavailable(withState { $0.steppedDownReason } ?? "no writable PostgreSQL now")))
            return
        }
        let records = chained.flatMap(\.records)
        let ranges = ReceiptTreeRange.trees(of: records)
        var trees = ranges.map { AppendedTree(range: $0, signed: nil) }
        do {
            let parameters = LedgerInsert.parameters(
                for: records, trees: ranges, keeping: unkeptSignatures, publicKey: receiptPublicKey)
            let started = ContinuousClock.now
            var signingCPU = Duration.zero
            _ = try connection.query(prepared: LedgerInsert.name, sql: LedgerInsert.sql, binaryParameters: parameters) {
                // The commit's fsync is most of its round trip: its trees are signed meanwhile, not before it.
                (trees, signingCPU) = AppendedTree.trees(of: records, signer: signer)
            }
            observer?.ledgerCommitted(
                trees: trees, duration: started.duration(to: .now), signingCPU: signingCPU)
            committedHead = head
            unkeptSignatures = trees.compactMap(\.signed)
            finish(chained, .success(trees))
        } catch let error as PostgresError where error.kind == .server && connection.status == .ok {
            logger.error("ledger commit refused: \(error)")
            // Whatever the refusal, signatures it carried are not offered again: a signature, which a read
            // can make again, is never worth a refused commit.
            unkeptSignatures = []
            finish(chained, .failure(.unavailable(error.message)))
        } catch {
            logger.error("ledger commit in doubt: \(error)")
            resolveInDoubt(chained, head: head, trees: trees)
        }
    }

    /// Between commits: finds a dead connection before a client's commit does, and reconnects (and takes
    /// the lock again) in the background while appends are refused.
    private func heartbeat() {
        if let connection, connection.status == .ok, writerLock?.mayRecord ?? true {
            do {
                if unkeptSignatures.isEmpty {
                    try connection.execute("SELECT 1")
                } else {
                    try keepSignatures(on: connection)
                }
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
        guard !withState({ $0.hasSteppedDown }) else { return nil }
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
        return withState { $0.connected() } ? connection : nil
    }

    /// Keeps the signatures of the last commit, which no later commit's statement has taken: the same
    /// statement with no entries.
    /// Offered once: a failure leaves them to be made again when their trees are read.
    private func keepSignatures(on connection: PostgresConnection) throws {
        let parameters = LedgerInsert.parameters(
            for: [], trees: [], keeping: unkeptSignatures, publicKey: receiptPublicKey)
        unkeptSignatures = []
        _ = try connection.query(prepared: LedgerInsert.name, sql: LedgerInsert.sql, binaryParameters: parameters)
    }

    /// Stops recording for good: another process is the writer now.
    private func stepDown(_ reason: String) {
        let (refused, isFirst) = withState { $0.stepDown(reason) }
        finish(refused.appends, .failure(.unavailable(refused.reason)))
        dropConnection()
        // Only a ledger with a writer lock steps down; its owner says why (gaveld, as it exits).
        if isFirst { writer?.onStepDown(reason) }
    }

    /// The connection died during the commit: hold the replies, refuse new appends, reconnect until
    /// the ledger can be read, and answer each append by whether its entries are there.
    private func resolveInDoubt(_ batch: [PendingAppend], head: LedgerHead, trees: [AppendedTree]) {
        withState { $0.commitInDoubt() }
        dropConnection()
        var delayMs = 50
        while !withState({ $0.isStopping }) {
            if let connection = connected(),
                let result = try? connection.query(
                    "SELECT hash FROM gavel_ledger WHERE seq = $1", parameters: [String(head.seq)])
            {
                if result.rowCount == 1, result.string(row: 0, column: 0) == head.hash {
                    committedHead = head
                    unkeptSignatures = trees.compactMap(\.signed)
                    finish(batch, .success(trees))
                } else {
                    finish(batch, .failure(.unavailable("the commit did not happen")))
                }
                withState { $0.doubtResolved() }
                _ = writable()
                return
            }
            Thread.sleep(forTimeInterval: Double(delayMs) / 1000)
            delayMs = min(delayMs * 2, 1000)
        }
        finish(batch, .failure(.inDoubt("stopped before PostgreSQL could be read again")))
        withState { $0.doubtResolved() }
    }

    /// Reads or changes the writer's state under the lock that guards it.
    private func withState<T>(_ body: (inout LedgerWriterStateMachine) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&state)
    }

    /// Forgets the connection; with it goes the writer lock it held.
    private func dropConnection() {
        connection = nil
        writerLock?.connectionLost()
        withState { $0.connectionLost() }
    }

    /// Answers each append, a success with the trees its own records are in.
    private func finish(_ batch: [PendingAppend], _ result: Result<[AppendedTree], LedgerError>) {
        for append in batch {
            append.complete(result.map { trees in trees.filter { $0.range.holdsAny(of: append.records) } })
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
