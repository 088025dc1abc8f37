import CLibPQ

/// Statements parsed and planned once per session. The ledger's INSERT runs once per commit with the same
/// text: parsing, analysing and planning it again every time was a visible share of PostgreSQL's work.
extension PostgresConnection {
    /// Runs `sql` as the prepared statement `name` with text-format parameters (`nil` is SQL NULL). The
    /// statement is prepared on first use in a session; a name always stands
    /// for the same text.
    @discardableResult
    public func query(prepared name: String, sql: String, parameters: [String?]) throws -> PostgresResult {
        try checkParameters(parameters)
        return try perform { handle in
            try prepare(handle, name: name, sql: sql)
            let values = CStringArray(parameters)
            let sent = values.withPointers { pointers in
                PQsendQueryPrepared(handle, name, Int32(parameters.count), pointers, nil, nil, 0)
            }
            return try result(of: sent, on: handle, statement: name)
        }
    }

    /// The same with binary-format parameters (`nil` is SQL NULL), each in the wire format of the type
    /// the statement gives it, e.g. ``PostgresBinaryArray/encoded()`` for `$1::bigint[]`. `whileRunning` runs
    /// once the statement is sent and before its result is awaited: work of the caller's that overlaps the
    /// server's, such as a commit's fsync.
    @discardableResult
    public func query(
        prepared name: String, sql: String, binaryParameters parameters: [[UInt8]?], whileRunning: () -> Void = {}
    ) throws -> PostgresResult {
        precondition(parameters.allSatisfy { $0?.isEmpty != true }, "a binary parameter is NULL or has bytes")
        return try perform { handle in
            try prepare(handle, name: name, sql: sql)
            let lengths = parameters.map { Int32($0?.count ?? 0) }
            let formats = [Int32](repeating: 1, count: parameters.count)
            let sent = withPointers(to: parameters) { pointers in
                PQsendQueryPrepared(handle, name, Int32(parameters.count), pointers, lengths, formats, 0)
            }
            return try result(of: sent, on: handle, statement: name, whileRunning: whileRunning)
        }
    }

    private func prepare(_ handle: OpaquePointer, name: String, sql: String) throws {
        if let known = preparedStatements[name] {
            precondition(known == sql, "prepared statement \(name) is already another statement")
            return
        }
        guard PQsendPrepare(handle, name, sql, 0, nil) == 1 else { throw failure(of: handle) }
        try flush(handle)
        _ = try collectResults(handle)
        preparedStatements[name] = sql
    }

    private func result(
        of sent: Int32, on handle: OpaquePointer, statement name: String, whileRunning: () -> Void = {}
    ) throws -> PostgresResult {
        guard sent == 1 else { throw failure(of: handle) }
        try flush(handle)
        whileRunning()
        guard let result = try collectResults(handle) else {
            throw PostgresError(kind: .client, message: "the server returned no result for statement \(name)")
        }
        return result
    }

    /// Pointers to each parameter's bytes (nil for NULL), valid inside `body`.
    private func withPointers<T>(
        to parameters: [[UInt8]?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T
    ) -> T {
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(parameters.count)
        func collect(_ index: Int) -> T {
            guard index < parameters.count else {
                return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
            }
            guard let bytes = parameters[index] else {
                pointers.append(nil)
                return collect(index + 1)
            }
            return bytes.withUnsafeBufferPointer { buffer in
                pointers.append(buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) })
                return collect(index + 1)
            }
        }
        return collect(0)
    }
}
