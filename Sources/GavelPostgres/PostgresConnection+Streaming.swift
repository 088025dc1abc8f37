import CLibPQ

/// Reading large results without holding them in memory.
extension PostgresConnection {
    /// Calls `body` for every row of a query while holding at most `batchRows` rows in memory.
    ///
    /// The query runs through a server-side cursor read with `FETCH batchRows`. libpq 15 offers no chunked row
    /// mode, and single-row mode would keep the connection busy until the last row, whereas between batches
    /// the connection is idle: `body` may run other statements on it. Without an open transaction the cursor
    /// gets its own, committed at the end and rolled back if anything throws; inside a caller's transaction it
    /// joins that one. `sql` must be a query a cursor accepts (SELECT, VALUES, TABLE). Returns the row count.
    @discardableResult
    public func forEachRow(
        _ sql: String, parameters: [String?] = [], batchRows: Int = 1_000, _ body: (PostgresRow) throws -> Void
    ) throws -> Int {
        precondition(batchRows > 0, "batchRows must be positive")
        let ownsTransaction = !isInTransaction
        if ownsTransaction { try execute("BEGIN") }
        cursorsDeclared += 1
        let cursor = "gavel_stream_\(cursorsDeclared)"
        do {
            try query("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", parameters: parameters)
            var rowCount = 0
            var batch: PostgresResult
            repeat {
                batch = try query("FETCH FORWARD \(batchRows) FROM \(cursor)")
                for row in batch.rows {
                    try body(row)
                    rowCount += 1
                }
            } while batch.rowCount == batchRows
            try execute(ownsTransaction ? "COMMIT" : "CLOSE \(cursor)")
            return rowCount
        } catch {
            abandonStream(cursor: cursor, ownsTransaction: ownsTransaction)
            throw error
        }
    }

    /// Undoes what a failed stream left behind. If even that fails the session's transaction state is unknown,
    /// and reusing it could silently run the caller's next statements inside a stale transaction, so it closes.
    private func abandonStream(cursor: String, ownsTransaction: Bool) {
        guard status == .ok else { return }
        do {
            if ownsTransaction {
                try execute("ROLLBACK")
            } else if let handle, PQtransactionStatus(handle) == PQTRANS_INTRANS {
                try execute("CLOSE \(cursor)")
            }
        } catch {
            close()
        }
    }
}
