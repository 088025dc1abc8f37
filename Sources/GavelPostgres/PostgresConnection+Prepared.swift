import CLibPQ

/// Statements parsed and planned once per session. The ledger's INSERT runs once per commit with the same
/// text: parsing, analysing and planning it again every time was a visible share of PostgreSQL's work.
extension PostgresConnection {
    /// Runs `sql` as the prepared statement `name` with text-format parameters (`nil` is SQL NULL). The
    /// statement is prepared on first use in a session and again after ``reset()``; a name always stands
    /// for the same text.
    @discardableResult
    public func query(prepared name: String, sql: String, parameters: [String?]) throws -> PostgresResult {
        try checkParameters(parameters)
        return try perform { handle in
            if let known = preparedStatements[name] {
                precondition(known == sql, "prepared statement \(name) is already another statement")
            } else {
                guard PQsendPrepare(handle, name, sql, 0, nil) == 1 else { throw failure(of: handle) }
                try flush(handle)
                _ = try collectResults(handle)
                preparedStatements[name] = sql
            }
            let values = CStringArray(parameters)
            let sent = values.withPointers { pointers in
                PQsendQueryPrepared(handle, name, Int32(parameters.count), pointers, nil, nil, 0)
            }
            guard sent == 1 else { throw failure(of: handle) }
            try flush(handle)
            guard let result = try collectResults(handle) else {
                throw PostgresError(kind: .client, message: "the server returned no result for statement \(name)")
            }
            return result
        }
    }
}
