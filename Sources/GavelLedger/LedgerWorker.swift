import Foundation
import GavelCrypto
import GavelPostgres
import Logging

/// The one thread that talks to PostgreSQL for the ledger. Appends queue up while a commit is in
/// flight and the next commit takes them all (group commit), so no event loop ever waits on libpq.
///
/// `@unchecked Sendable`: the queues and flags are guarded by `condition`; `connection` and
/// `committedHead` are touched only by the worker thread.
final class LedgerWorker: @unchecked Sendable {
    typealias Completion = Ledger.AppendCompletion
    typealias Job = @Sendable (PostgresConnection?) -> Void

    private struct PendingAppend {
        let records: [LedgerRecord]
        let complete: Completion
    }

    let maximumBatchRecords: Int
    private let connectionString: String
    private let timeoutMs: Int
    private let logger: Logger
    private let observer: (any LedgerCommitObserver)?
    private let condition = NSCondition()
    private var appends: [PendingAppend] = []
    private var jobs: [Job] = []
    private var isStopping = false
    private var isInDoubt = false
    private var thread: Thread?

    private var connection: PostgresConnection?
    private var committedHead = LedgerHead.empty

    init(
        connectionString: String, timeoutMs: Int, maximumBatchRecords: Int, observer: (any LedgerCommitObserver)?,
        logger: Logger
    ) {
        precondition(maximumBatchRecords > 0, "a batch holds at least one record")
        self.connectionString = connectionString
        self.timeoutMs = timeoutMs
        self.maximumBatchRecords = maximumBatchRecords
        self.observer = observer
        self.logger = logger
    }

    func start(head: LedgerHead, connection: sending PostgresConnection) {
        committedHead = head
        self.connection = connection
        let thread = Thread { [self] in runLoop() }
        thread.name = "gavel-ledger"
        self.thread = thread
        thread.start()
    }

    /// Queues records for the next commit. While a commit is in doubt, fails at once.
    func append(_ records: [LedgerRecord], complete: @escaping Completion) {
        condition.lock()
        defer { condition.unlock() }
        guard !isInDoubt, !isStopping else {
            complete(.failure(.unavailable(isStopping ? "the ledger is shutting down" : "a commit is in doubt")))
            return
        }
        appends.append(PendingAppend(records: records, complete: complete))
        condition.signal()
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
    }

    private func runLoop() {
        while let work = nextWork() {
            switch work {
            case .commit(let batch): commit(batch)
            case .jobs(let jobs): for job in jobs { job(connected()) }
            }
        }
        connection = nil
    }

    private func nextWork() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while appends.isEmpty && jobs.isEmpty && !isStopping { condition.wait() }
        if !appends.isEmpty {
            var count = 0
            var taken = 0
            while taken < appends.count, taken == 0 || count + appends[taken].records.count <= maximumBatchRecords {
                count += appends[taken].records.count
                taken += 1
            }
            defer { appends.removeFirst(taken) }
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
        guard !chained.isEmpty else { return }
        guard let connection = connected() else {
            finish(chained, .failure(.unavailable("cannot connect to PostgreSQL")))
            return
        }
        do {
            let records = chained.flatMap(\.records)
            let trees = ReceiptTreeRange.trees(of: records)
            let statement = LedgerInsert.statement(for: records, trees: trees)
            let started = ContinuousClock.now
            _ = try connection.query(statement.sql, parameters: statement.parameters)
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

    /// The connection died during the commit: hold the replies, refuse new appends, reconnect until
    /// the ledger can be read, and answer each append by whether its entries are there.
    private func resolveInDoubt(_ batch: [PendingAppend], head: LedgerHead, trees: [ReceiptTreeRange]) {
        setInDoubt(true)
        defer { setInDoubt(false) }
        connection = nil
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

    private func setInDoubt(_ inDoubt: Bool) {
        condition.lock()
        isInDoubt = inDoubt
        condition.unlock()
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
        connection = nil
        do {
            connection = try PostgresConnection(
                connectionString: connectionString, timeoutMs: timeoutMs, logger: logger)
            logger.info("ledger connected to PostgreSQL")
        } catch {
            logger.error("ledger cannot connect: \(error)")
        }
        return connection
    }
}
