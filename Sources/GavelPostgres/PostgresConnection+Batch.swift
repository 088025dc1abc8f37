import CLibPQ

/// High-throughput writes: pipelines (many statements, one round trip) and COPY FROM STDIN.
extension PostgresConnection {
    /// Sends all statements in one round trip using libpq pipeline mode, then checks every result.
    ///
    /// The statements share one synchronisation point, so the server runs them as one implicit transaction:
    /// either all take effect or, when one fails, none do. The first failure is thrown with its
    /// ``PostgresError/statementIndex``. Returns one result per statement, in order.
    @discardableResult
    public func executePipeline(_ statements: [PostgresStatement]) throws -> [PostgresResult] {
        guard !statements.isEmpty else { return [] }
        // Checked up front: a bad value found half-way would leave a pipeline that can only be abandoned.
        for statement in statements { try checkParameters(statement.parameters) }
        return try perform { handle in
            guard PQenterPipelineMode(handle) == 1 else { throw failure(of: handle) }
            for statement in statements {
                try sendParameterized(handle, sql: statement.sql, parameters: statement.parameters)
            }
            guard PQpipelineSync(handle) == 1 else { throw failure(of: handle) }
            try flush(handle)
            let results = try pipelineResults(handle, count: statements.count)
            guard PQexitPipelineMode(handle) == 1 else { throw failure(of: handle) }
            return try results.get()
        }
    }

    /// Streams text-format lines into a `COPY ... FROM STDIN` statement and returns the number of rows copied.
    ///
    /// Each element is one row in PostgreSQL's text COPY format (tab-separated, `\N` for NULL); a missing final
    /// newline is added. Build lines with ``copyTextLine(_:)`` to get the escaping right.
    @discardableResult
    public func copyIn(sql: String, rows: some Sequence<String>) throws -> Int64 {
        try perform { handle in
            guard PQsendQuery(handle, sql) == 1 else { throw failure(of: handle) }
            try flush(handle)
            try expectCopyIn(handle)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Self.copyChunkBytes)
            var accepted = true
            for row in rows {
                chunk.append(contentsOf: row.utf8)
                if row.utf8.last != UInt8(ascii: "\n") { chunk.append(UInt8(ascii: "\n")) }
                if chunk.count >= Self.copyChunkBytes {
                    accepted = try putCopyData(handle, chunk)
                    guard accepted else { break }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if accepted, try putCopyData(handle, chunk) {
                guard PQputCopyEnd(handle, nil) == 1 else { throw failure(of: handle) }
            }
            try flush(handle)
            return try collectResults(handle)?.affectedRows ?? 0
        }
    }

    /// Encodes fields as one line of PostgreSQL's text COPY format: `nil` becomes `\N`; backslash, tab, newline
    /// and carriage return are escaped so they stay inside their field.
    public static func copyTextLine(_ fields: [String?]) -> String {
        fields.map { field in
            guard let field else { return "\\N" }
            var escaped = ""
            for character in field.unicodeScalars {
                switch character {
                case "\\": escaped += "\\\\"
                case "\t": escaped += "\\t"
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                default: escaped.unicodeScalars.append(character)
                }
            }
            return escaped
        }.joined(separator: "\t") + "\n"
    }

    /// COPY data is handed to libpq in chunks of about this size: big enough to amortise system calls, small
    /// enough that memory stays bounded however many rows are copied.
    private static var copyChunkBytes: Int { 64 * 1_024 }

    private func pipelineResults(_ handle: OpaquePointer, count: Int) throws -> Result<[PostgresResult], PostgresError>
    {
        var results: [PostgresResult] = []
        var firstError: PostgresError?
        for index in 0..<count {
            guard let result = try nextResult(handle) else {
                throw PostgresError(kind: .client, message: "pipeline ended before statement \(index) reported")
            }
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK {
                results.append(PostgresResult(handle: result))
            } else {
                // Statements after a failure come back PGRES_PIPELINE_ABORTED; the first failure is the cause.
                if status != PGRES_PIPELINE_ABORTED, firstError == nil {
                    let broken = PQstatus(handle) == CONNECTION_BAD
                    firstError = PostgresError(result: result, connectionBroken: broken, statementIndex: index)
                }
                PQclear(result)
            }
            guard try nextResult(handle) == nil else {
                throw PostgresError(kind: .client, message: "pipeline statement \(index) returned several results")
            }
        }
        try expectPipelineSync(handle)
        if let firstError { return .failure(firstError) }
        return .success(results)
    }

    private func expectPipelineSync(_ handle: OpaquePointer) throws {
        guard let sync = try nextResult(handle) else {
            throw PostgresError(kind: .client, message: "pipeline ended without its synchronisation point")
        }
        let status = PQresultStatus(sync)
        PQclear(sync)
        guard status == PGRES_PIPELINE_SYNC else {
            throw PostgresError(kind: .client, message: "pipeline returned more results than statements")
        }
    }

    private func expectCopyIn(_ handle: OpaquePointer) throws {
        guard let result = try nextResult(handle) else {
            throw PostgresError(kind: .client, message: "the server returned no result for the COPY statement")
        }
        let status = PQresultStatus(result)
        if status == PGRES_COPY_IN {
            PQclear(result)
            return
        }
        defer { PQclear(result) }
        guard status == PGRES_FATAL_ERROR else {
            throw PostgresError(kind: .client, message: "copyIn(sql:rows:) needs a COPY ... FROM STDIN statement")
        }
        throw PostgresError(result: result, connectionBroken: PQstatus(handle) == CONNECTION_BAD)
    }

    /// Queues COPY data and flushes it, which is where back-pressure from a slow server applies. Returns false
    /// when the server already ended the COPY with an error; the caller then collects that error.
    private func putCopyData(_ handle: OpaquePointer, _ bytes: [UInt8]) throws -> Bool {
        guard !bytes.isEmpty else { return true }
        let queued = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                PQputCopyData(handle, characters.baseAddress, Int32(characters.count))
            }
        }
        switch queued {
        case 1:
            try flush(handle)
            return true
        case 0:
            // Only possible in non-blocking mode when libpq cannot grow its buffer, i.e. out of memory.
            throw PostgresError(kind: .client, message: "libpq could not buffer COPY data")
        default:
            return false
        }
    }
}
