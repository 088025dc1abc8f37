import CLibPQ

/// The keyword/value settings of a libpq connection string, for tools that need to read or change one setting
/// (say, point a server URL at another database) without hand-parsing URIs and quoting rules.
public struct PostgresConnectionOptions: Sendable, Equatable {
    public private(set) var keywords: [String]
    private var values: [String: String]

    /// Parses a keyword/value string ("host=/tmp dbname=gavel") or a postgres:// URI exactly as libpq would.
    public init(parsing connectionString: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(connectionString, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "libpq could not parse the connection string"
            PQfreemem(errorMessage)
            throw PostgresError(kind: .invalidConnectionString, message: PostgresError.normalized(message))
        }
        defer { PQconninfoFree(parsed) }
        keywords = []
        values = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                self[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
    }

    /// Builds options from keyword/value pairs, in order.
    public init(_ pairs: KeyValuePairs<String, String>) {
        keywords = []
        values = [:]
        for (keyword, value) in pairs { self[keyword] = value }
    }

    public subscript(keyword: String) -> String? {
        get { values[keyword] }
        set {
            if newValue == nil {
                keywords.removeAll { $0 == keyword }
            } else if values[keyword] == nil {
                keywords.append(keyword)
            }
            values[keyword] = newValue
        }
    }

    /// The options as a keyword/value connection string with every value quoted, so spaces, quotes and
    /// backslashes in paths or passwords survive.
    public var connectionString: String {
        keywords.map { keyword in "\(keyword)=\(Self.quoted(values[keyword] ?? ""))" }.joined(separator: " ")
    }

    private static func quoted(_ value: String) -> String {
        let escaped = value.replacing("\\", with: "\\\\").replacing("'", with: "\\'")
        return "'\(escaped)'"
    }
}
