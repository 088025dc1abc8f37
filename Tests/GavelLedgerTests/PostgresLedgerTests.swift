import GavelCore
import GavelCrypto
import GavelEntry
import GavelPostgres
import GavelTestSupport
import Logging
import Testing

@testable import GavelLedger

/// Hands out chained records to many concurrent appenders, in the order it queues them.
private actor Appender {
    let ledger: PostgresLedger
    var head = LedgerHead.empty
    var now = Timestamp(rfc3339: "2026-11-24T16:00:00.000Z")!
    var state = AuctionState()

    init(ledger: PostgresLedger) {
        self.ledger = ledger
    }

    /// Appends one `handle` entry; queuing happens inside the actor so queue order is chain order.
    func appendHandle(_ index: Int) async throws {
        let event = Event.handle(.init(handle: try Handle(parsing: "h\(index % 1000)"), status: .dormant))
        let entry = Entry(seq: head.seq + 1, at: now, event: event)
        try state.apply(entry)
        let record = LedgerRecord(entry: entry, prev: head.hash)
        head = try head.advanced(by: record)
        let ledger = ledger
        let result = await withCheckedContinuation { continuation in
            ledger.append([record]) { continuation.resume(returning: $0) }
        }
        _ = try result.get()
    }
}

@Suite("PostgresLedger against a real PostgreSQL")
struct PostgresLedgerTests {
    @Test("append then replay returns the same records; the chain and every result verify")
    func appendReplayVerify() async throws {
        try await TestDatabase.with(label: "ledger_replay") { database in
            let chain = try Chain.sample()
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            try await ledger.append(Array(chain.records.prefix(4)))
            try await ledger.append(Array(chain.records.dropFirst(4)))
            var replayed: [LedgerRecord] = []
            for try await record in ledger.replay(pageSize: 2) { replayed.append(record) }
            #expect(replayed == chain.records)
            #expect(try await ledger.head() == chain.head)
            let report = try await LedgerVerifier.verify(ledger)
            #expect(report.entries == Int64(chain.records.count))
            let reopened = try PostgresLedger(connectionString: database.connectionString)
            defer { reopened.shutdown() }
            #expect(try await reopened.head() == chain.head)
            let connection = try database.connect()
            #expect(try connection.query("SELECT count(*) FROM schema_migrations").string(row: 0, column: 0) == "5")
            let last = Int64(chain.records.count)
            #expect(
                try await ledger.treeRanges(after: 0)
                    == [ReceiptTreeRange(first: 1, last: 4), ReceiptTreeRange(first: 5, last: last)])
            #expect(try await ledger.treeRanges(after: 4) == [ReceiptTreeRange(first: 5, last: last)])
            let bids = try connection.query("SELECT count(*), sum(amount_cents) FROM gavel_bids WHERE kind = 'bid'")
            #expect(bids.string(row: 0, column: 0) == "4")
            #expect(bids.string(row: 0, column: 1) == "5400000")
            let results = try connection.query("SELECT winner, price_cents, sold FROM gavel_results")
            #expect(results.string(row: 0, column: 0) == "acme")
            #expect(results.string(row: 0, column: 1) == "1500000")
            #expect(results.string(row: 0, column: 2) == "t")
        }
    }

    @Test("records(seqs:) reads the chosen committed entries, in seq order, leaving out seqs past the head")
    func readsChosenSeqs() async throws {
        try await TestDatabase.with(label: "ledger_seqs") { database in
            let chain = try Chain.sample()
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            try await ledger.append(chain.records)
            let past = Int64(chain.records.count) + 1
            #expect(try await ledger.records(seqs: [5, 1, 3, past]) == [0, 2, 4].map { chain.records[$0] })
            #expect(try await ledger.records(seqs: []).isEmpty)
            // The reader has a connection of its own: a reopened ledger reads what the first one wrote.
            let reader = try PostgresLedger(connectionString: database.connectionString)
            defer { reader.shutdown() }
            #expect(try await reader.records(seqs: [2]) == [chain.records[1]])
        }
    }

    @Test("a database from before receipt trees migrates: its unsalted lines replay and verify, in no stored tree")
    func migratesFromVersionOne() async throws {
        try await TestDatabase.with(label: "ledger_v1") { database in
            let legacy = try Chain.sample(salted: false)
            let connection = try database.connect()
            try connection.execute(
                "CREATE TABLE schema_migrations (version integer PRIMARY KEY, summary text NOT NULL, "
                    + "applied_at timestamptz NOT NULL DEFAULT now())")
            try connection.execute(LedgerSchema.migrations[0].sql)
            try connection.execute("INSERT INTO schema_migrations (version, summary) VALUES (1, 'v1')")
            for record in legacy.records {
                _ = try connection.query(
                    "INSERT INTO gavel_ledger (seq, at, kind, line, hash) VALUES ($1, $2, $3, $4, $5)",
                    parameters: [
                        String(record.entry.seq), record.entry.at.description, record.entry.event.kind.rawValue,
                        record.line, record.hash,
                    ])
            }
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            var replayed: [LedgerRecord] = []
            for try await record in ledger.replay() { replayed.append(record) }
            #expect(replayed == legacy.records)
            #expect(try await LedgerVerifier.verify(ledger).entries == Int64(legacy.records.count))
            #expect(try await ledger.treeRanges(after: 0).isEmpty)
            let next = LedgerRecord(
                entry: Entry(
                    seq: legacy.head.seq + 1, at: legacy.world.now,
                    event: .handle(.init(handle: try Handle(parsing: "later"), status: .dormant))),
                prev: legacy.head.hash)
            let trees = try await ledger.append([next])
            #expect(trees == [ReceiptTreeRange(first: next.entry.seq, last: next.entry.seq)])
            #expect(try await ledger.treeRanges(after: 0) == trees)
        }
    }

    @Test("a commit of 5,000 entries is stored as consecutive trees of at most 1,024, each row beside its tree")
    func largeCommitSplitsIntoTrees() async throws {
        try await TestDatabase.with(label: "ledger_trees") { database in
            let ledger = try PostgresLedger(connectionString: database.connectionString, maximumBatchRecords: 5_000)
            defer { ledger.shutdown() }
            let records = try handleRecords(5_000)
            let trees = try await ledger.append(records)
            #expect(trees == ReceiptTreeRange.split(first: 1, last: 5_000))
            #expect(trees.map(\.leafCount) == [1024, 1024, 1024, 1024, 904])
            #expect(try await ledger.treeRanges(after: 0) == trees)
            let rows = try database.connect().query(
                "SELECT count(*) FROM gavel_ledger WHERE tree_first IS NULL OR seq < tree_first OR seq > tree_last"
                    + " OR tree_last - tree_first >= 1024 OR (tree_first - 1) % 1024 <> 0")
            #expect(rows.string(row: 0, column: 0) == "0")
        }
    }

    @Test("UPDATE and DELETE are refused; a row changed behind the trigger's back is found at its seq")
    func tamperDetected() async throws {
        try await TestDatabase.with(label: "ledger_tamper") { database in
            let chain = try Chain.sample()
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            try await ledger.append(chain.records)
            let connection = try database.connect()
            #expect(throws: PostgresError.self) {
                try connection.execute("UPDATE gavel_ledger SET kind = 'x' WHERE seq = 1")
            }
            #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM gavel_ledger WHERE seq = 1") }
            #expect(throws: PostgresError.self) { try connection.execute("TRUNCATE gavel_ledger") }
            try database.tamperWithLine(ofSeq: 6, replacing: "amount=15000.00", with: "amount=9000.00")
            await #expect {
                _ = try await LedgerVerifier.verify(ledger)
            } throws: { error in
                guard case LedgerError.broken(let seq, _) = error else { return false }
                return seq == 6
            }
        }
    }

    @Test("a line that claims another seq is broken at its row's seq; replay yields every row before it")
    func lineClaimingAnotherSeq() async throws {
        try await TestDatabase.with(label: "ledger_wrong_seq") { database in
            let chain = try Chain.sample()
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            try await ledger.append(chain.records)
            try database.tamperWithLine(ofSeq: 6, replacing: " seq=6 ", with: " seq=60 ")
            await #expect {
                _ = try await LedgerVerifier.verify(ledger)
            } throws: { error in
                guard case LedgerError.broken(let seq, _) = error else { return false }
                return seq == 6
            }
            var replayed: [LedgerRecord] = []
            var iterator = ledger.replay(pageSize: 100).makeAsyncIterator()
            await #expect {
                while let record = try await iterator.next() { replayed.append(record) }
            } throws: { error in
                guard case LedgerError.broken(let seq, _) = error else { return false }
                return seq == 6
            }
            #expect(replayed == Array(chain.records.prefix(5)))
        }
    }

    @Test("a batch whose connection is killed fails, is absent afterwards, and the writer reconnects by itself")
    func killedConnection() async throws {
        try await TestDatabase.with(label: "ledger_kill") { database in
            let chain = try Chain.sample()
            let ledger = try PostgresLedger(
                connectionString: database.connectionString,
                logger: Logger(label: "gavel.ledger [expected: this test kills the ledger's connection]"))
            defer { ledger.shutdown() }
            try await ledger.append(Array(chain.records.prefix(3)))
            let admin = try database.connect()
            let killed = try admin.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                parameters: [database.name])
            #expect(killed.rowCount == 1)
            await #expect(throws: LedgerError.self) { try await ledger.append([chain.records[3]]) }
            #expect(try await ledger.head().seq == 3)
            try await ledger.append(Array(chain.records.dropFirst(3)))
            #expect(try await LedgerVerifier.verify(ledger).entries == Int64(chain.records.count))
        }
    }

    @Test("appends that do not continue the committed chain fail and record nothing")
    func refusesGap() async throws {
        try await TestDatabase.with(label: "ledger_gap") { database in
            let chain = try Chain.sample()
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            await #expect(throws: LedgerError.self) { try await ledger.append([chain.records[1]]) }
            #expect(try await ledger.head() == .empty)
        }
    }

    @Test("many concurrent appenders make one gap-free chain, committed in shared batches")
    func concurrentAppenders() async throws {
        try await TestDatabase.with(label: "ledger_concurrent") { database in
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            let appender = Appender(ledger: ledger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<40 {
                    group.addTask {
                        for index in 0..<25 { try await appender.appendHandle(task * 25 + index) }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await LedgerVerifier.verify(ledger)
            #expect(report.entries == 1000)
            #expect(report.head == (await appender.head))
        }
    }

    @Test("a missing database is a clear error")
    func missingDatabase() throws {
        let database = try PostgresConnectionOptions(parsing: "dbname=gavel_missing_db host=/nonexistent")
        #expect(throws: LedgerError.self) {
            _ = try PostgresLedger(connectionString: database.connectionString, timeoutMs: 2000)
        }
    }
}
