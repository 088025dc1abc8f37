import GavelEntry
import GavelPostgres

/// The SQL side of ``WriterLock``: the advisory lock every gaveld of one database competes for, and the
/// claim row the holder writes. The lock is session-level and taken on the connection the ledger commits
/// on, so a commit can only ever travel on a session that holds it: when that session ends (the process
/// died, its machine vanished and TCP keepalives gave up, PostgreSQL failed over), the lock is free and the
/// old writer's next commit has no session to go on.
///
/// The key is the two-part advisory key (7070, 1), documented in docs/OPERATIONS.md; in `pg_locks` it is
/// `locktype = 'advisory' AND classid = 7070 AND objid = 1 AND objsubid = 2`.
enum WriterLockKey {
    static let classID = 7070
    static let objectID = 1

    /// Takes the lock without waiting; false when another session holds it. Taking it again on a session
    /// that holds it is harmless but stacks a count, so call it once per session.
    static func tryLock(_ connection: PostgresConnection) throws -> Bool {
        let result = try connection.query("SELECT pg_try_advisory_lock(\(classID), \(objectID))")
        return result.string(row: 0, column: 0) == "t"
    }

    /// Who holds the lock, for a standby's log: backend pid, application_name, client address.
    static func holder(_ connection: PostgresConnection) throws -> String {
        let result = try connection.query(
            """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local socket')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = \(classID) AND l.objid = \(objectID)
                AND l.objsubid = 2 AND l.granted
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        guard result.rowCount > 0 else { return "a session that just ended" }
        let pid = result.string(row: 0, column: 0) ?? "?"
        let name = result.string(row: 0, column: 1) ?? ""
        let address = result.string(row: 0, column: 2) ?? "?"
        return "\(name.isEmpty ? "a session" : "'\(name)'") (backend pid \(pid), from \(address))"
    }

    /// The newest writer's claim; nil when no writer ever claimed this database.
    static func claim(_ connection: PostgresConnection) throws -> WriterClaim? {
        let result = try connection.query("SELECT epoch, public_key FROM gavel_writer")
        guard result.rowCount == 1, let epoch = try result.int64(row: 0, column: 0),
            let publicKey = result.string(row: 0, column: 1)
        else { return nil }
        return WriterClaim(epoch: epoch, publicKey: publicKey)
    }

    /// Records the claim of the session holding the lock: its epoch, its receipt key, its name. The session
    /// also names the epoch in `gavel.writer_epoch`, which the ledger's insert trigger checks (migration 4).
    static func writeClaim(_ connection: PostgresConnection, epoch: Int64, publicKey: String, holder: String) throws {
        try connection.query(
            """
            WITH claim AS (
                INSERT INTO gavel_writer (singleton, epoch, public_key, holder, claimed_at)
                VALUES (true, $1, $2, $3, now())
                ON CONFLICT (singleton) DO UPDATE
                SET epoch = EXCLUDED.epoch, public_key = EXCLUDED.public_key, holder = EXCLUDED.holder,
                    claimed_at = EXCLUDED.claimed_at
                RETURNING epoch)
            SELECT set_config('gavel.writer_epoch', epoch::text, false) FROM claim
            """,
            parameters: [String(epoch), publicKey, holder])
    }

    /// One attempt at the lock on `connection`, reported to `lock`; on `.write` the claim is recorded.
    /// `committedHead` is where this process last committed (nil before it ever wrote).
    static func attempt(
        _ lock: inout WriterLock, on connection: PostgresConnection, committedHead: LedgerHead?, holderName: String
    ) throws -> WriterLock.Outcome {
        guard try tryLock(connection) else {
            if lock.state == .waiting, let refusal = lock.refusal(claim: try claim(connection)) { return refusal }
            return lock.lockHeld(by: try holder(connection))
        }
        let claim = try claim(connection)
        let unchanged = try committedHead.map { try PostgresLedger.readHead(connection) == $0 } ?? true
        let outcome = lock.tookLock(claim: claim, ledgerUnchanged: unchanged)
        if case .write(let epoch) = outcome {
            try writeClaim(connection, epoch: epoch, publicKey: lock.publicKey, holder: holderName)
        }
        return outcome
    }
}
