import CLibPQ

/// The rows and command status returned by one statement, read in libpq's text format.
///
/// `@unchecked Sendable` because a PGresult is immutable once libpq hands it over and libpq documents results as
/// safe to read from any thread; this class only reads it and frees it once, in `deinit`.
public final class PostgresResult: @unchecked Sendable {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    public var rowCount: Int { Int(PQntuples(handle)) }

    public var columnCount: Int { Int(PQnfields(handle)) }

    /// The command tag, e.g. "INSERT 0 3" or "SELECT 2".
    public var commandTag: String { String(cString: PQcmdStatus(handle)) }

    /// Rows inserted, updated, deleted, copied or selected; `nil` for commands that do not count rows.
    public var affectedRows: Int64? { Int64(String(cString: PQcmdTuples(handle))) }

    public var rows: some RandomAccessCollection<PostgresRow> {
        (0..<rowCount).lazy.map { index in PostgresRow(result: self, index: index) }
    }

    public func row(_ index: Int) -> PostgresRow {
        precondition((0..<rowCount).contains(index), "row \(index) is outside 0..<\(rowCount)")
        return PostgresRow(result: self, index: index)
    }

    public func columnName(_ column: Int) -> String {
        checkColumn(column)
        return String(cString: PQfname(handle, Int32(column)))
    }

    public func isNull(row: Int, column: Int) -> Bool {
        checkCell(row: row, column: column)
        return PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// The cell's text, or `nil` for SQL NULL.
    public func string(row: Int, column: Int) -> String? {
        guard !isNull(row: row, column: column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else {
            return nil
        }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }

    /// The cell as a 64-bit integer, or `nil` for SQL NULL; throws when the text is not an integer in range.
    public func int64(row: Int, column: Int) throws -> Int64? {
        guard let text = string(row: row, column: column) else { return nil }
        guard let value = Int64(text) else {
            throw PostgresError(
                kind: .invalidValue,
                message: "column \"\(columnName(column))\" row \(row) holds \"\(text)\", not a 64-bit integer")
        }
        return value
    }

    private func checkColumn(_ column: Int) {
        precondition((0..<columnCount).contains(column), "column \(column) is outside 0..<\(columnCount)")
    }

    private func checkCell(row: Int, column: Int) {
        precondition((0..<rowCount).contains(row), "row \(row) is outside 0..<\(rowCount)")
        checkColumn(column)
    }
}
