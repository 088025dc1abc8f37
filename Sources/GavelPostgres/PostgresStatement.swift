/// One SQL statement with its text-format parameters (`$1`, `$2`, ...; `nil` is SQL NULL), as sent in a pipeline.
public struct PostgresStatement: Sendable, Hashable {
    public var sql: String
    public var parameters: [String?]

    public init(_ sql: String, parameters: [String?] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}
