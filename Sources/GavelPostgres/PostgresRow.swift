/// One row of a ``PostgresResult``; it keeps its result alive, so rows may outlive the loop that produced them.
public struct PostgresRow: Sendable {
    /// The result this row belongs to; during streaming, the current batch.
    public let result: PostgresResult
    public let index: Int

    public var columnCount: Int { result.columnCount }

    public func isNull(_ column: Int) -> Bool {
        result.isNull(row: index, column: column)
    }

    public func string(_ column: Int) -> String? {
        result.string(row: index, column: column)
    }

    public func int64(_ column: Int) throws -> Int64? {
        try result.int64(row: index, column: column)
    }
}
