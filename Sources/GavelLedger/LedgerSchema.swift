import GavelPostgres

/// The ledger's tables, versioned. A migration is applied once, in a transaction, in order; none ever
/// drops or rewrites data. `schema_migrations` records which versions a database has.
enum LedgerSchema {
    struct Migration {
        let version: Int
        let summary: String
        let sql: String
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1, summary: "append-only hash-chained ledger",
            sql: """
                CREATE TABLE gavel_ledger (
                    seq bigint PRIMARY KEY CHECK (seq >= 1),
                    at timestamptz NOT NULL,
                    kind text NOT NULL,
                    line text NOT NULL,
                    hash char(64) NOT NULL UNIQUE,
                    round_id bigint,
                    bidder text,
                    handle text,
                    amount_cents bigint CHECK (amount_cents >= 0)
                );
                CREATE INDEX gavel_ledger_round ON gavel_ledger (round_id, seq) WHERE round_id IS NOT NULL;
                CREATE FUNCTION gavel_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'gavel_ledger is append-only: % refused', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                CREATE TRIGGER gavel_ledger_no_update_or_delete BEFORE UPDATE OR DELETE ON gavel_ledger
                    FOR EACH ROW EXECUTE FUNCTION gavel_ledger_refuse_change();
                CREATE TRIGGER gavel_ledger_no_truncate BEFORE TRUNCATE ON gavel_ledger
                    FOR EACH STATEMENT EXECUTE FUNCTION gavel_ledger_refuse_change();
                CREATE VIEW gavel_bids AS
                    SELECT seq, at, kind, round_id, handle, bidder, amount_cents, line
                    FROM gavel_ledger WHERE kind IN ('bid', 'withdraw');
                CREATE VIEW gavel_rounds AS
                    SELECT o.round_id, o.handle, o.seq AS opened_seq, o.at AS opened_at,
                        o.amount_cents AS reserve_cents, c.seq AS closed_seq, c.at AS closed_at,
                        x.seq AS cancelled_seq
                    FROM gavel_ledger o
                    LEFT JOIN gavel_ledger c ON c.round_id = o.round_id AND c.kind = 'close'
                    LEFT JOIN gavel_ledger x ON x.round_id = o.round_id AND x.kind = 'cancel'
                    WHERE o.kind = 'open';
                CREATE VIEW gavel_results AS
                    SELECT round_id, handle, seq, at, bidder AS winner, amount_cents AS price_cents,
                        (line LIKE '% result=sold %') AS sold, line
                    FROM gavel_ledger WHERE kind = 'close';
                """),
        // Receipts v2: each entry's receipt tree, so RECEIPT repeats the receipt it was sent with. Rows of
        // an older database keep NULL (a tree of their own); lines and hashes are not touched.
        Migration(
            version: 2, summary: "each entry's receipt tree",
            sql: """
                ALTER TABLE gavel_ledger
                    ADD COLUMN tree_first bigint,
                    ADD COLUMN tree_last bigint,
                    ADD CONSTRAINT gavel_ledger_tree CHECK (
                        (tree_first IS NULL AND tree_last IS NULL)
                        OR (tree_first <= seq AND seq <= tree_last AND tree_last - tree_first < 1024));
                """),
        Migration(
            version: 3, summary: "the writer's claim: lock epoch and receipt key (invariant 10)",
            sql: """
                CREATE TABLE gavel_writer (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                    epoch bigint NOT NULL CHECK (epoch >= 1),
                    public_key text NOT NULL,
                    holder text NOT NULL,
                    claimed_at timestamptz NOT NULL
                );
                -- Once a writer has claimed the database, PostgreSQL itself refuses entries from any session
                -- that does not hold the writer lock (7070, 1): a fence that does not rely on gaveld.
                CREATE FUNCTION gavel_ledger_require_writer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM gavel_writer) AND NOT EXISTS (
                        SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 7070 AND objid = 1
                            AND objsubid = 2 AND granted AND pid = pg_backend_pid())
                    THEN
                        RAISE EXCEPTION 'gavel_ledger: this session does not hold the writer lock'
                            USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER gavel_ledger_writer_only BEFORE INSERT ON gavel_ledger
                    FOR EACH STATEMENT EXECUTE FUNCTION gavel_ledger_require_writer();
                """),
        // Every commit paid for reading all of pg_locks (the whole lock table, predicate locks included) and
        // every entry for a random-order index on `hash`, which nothing looks up and `seq`'s key already makes
        // unique (the hash covers the line, and the line its seq).
        Migration(
            version: 4, summary: "a cheaper writer fence; no index on hash",
            sql: """
                -- The writer says its epoch in the session setting gavel.writer_epoch when it claims the database.
                -- A session may insert if it names the current claim's epoch and no other session holds the
                -- writer lock (a shared transaction lock on the same key is granted to its holder and to nobody
                -- else while it is held). A session that names no epoch (a gaveld from before this migration)
                -- is asked of pg_locks as before.
                CREATE OR REPLACE FUNCTION gavel_ledger_require_writer() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    claimed bigint;
                BEGIN
                    SELECT epoch INTO claimed FROM gavel_writer;
                    IF NOT FOUND THEN
                        RETURN NULL;
                    END IF;
                    IF coalesce(current_setting('gavel.writer_epoch', true), '') = claimed::text
                        AND pg_try_advisory_xact_lock_shared(7070, 1)
                    THEN
                        RETURN NULL;
                    END IF;
                    IF EXISTS (
                        SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 7070 AND objid = 1
                            AND objsubid = 2 AND granted AND pid = pg_backend_pid())
                    THEN
                        RETURN NULL;
                    END IF;
                    RAISE EXCEPTION 'gavel_ledger: this session does not hold the writer lock'
                        USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                ALTER TABLE gavel_ledger DROP CONSTRAINT IF EXISTS gavel_ledger_hash_key;
                """),
        // A receipt of an old entry was signed again on every read once its tree had left gaveld's cache: a
        // signature per RECEIPT, which a flood of them turned into everyone's latency. The writer now signs
        // each tree before its commit and keeps the signature here, in the same statement as the entries.
        // Derived data, not the ledger: a tree's row is replaced when it is signed again under a new key.
        Migration(
            version: 5, summary: "each receipt tree's signature",
            sql: """
                CREATE TABLE gavel_tree_signatures (
                    tree_first bigint PRIMARY KEY,
                    tree_last bigint NOT NULL,
                    public_key text NOT NULL,
                    signature text NOT NULL,
                    CHECK (1 <= tree_first AND tree_first <= tree_last AND tree_last - tree_first < 1024)
                );
                """),
    ]

    /// Applies the migrations a database lacks, each in its own transaction, under an advisory lock so
    /// two servers starting at once do not both migrate.
    static func migrate(_ connection: PostgresConnection) throws {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                summary text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        for migration in migrations {
            try connection.execute("BEGIN")
            do {
                try connection.execute("SELECT pg_advisory_xact_lock(7070)")
                let applied = try connection.query(
                    "SELECT 1 FROM schema_migrations WHERE version = $1", parameters: [String(migration.version)])
                if applied.rowCount == 0 {
                    try connection.execute(migration.sql)
                    _ = try connection.query(
                        "INSERT INTO schema_migrations (version, summary) VALUES ($1, $2)",
                        parameters: [String(migration.version), migration.summary])
                }
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
