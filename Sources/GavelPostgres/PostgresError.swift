import CLibPQ

/// A failure while talking to PostgreSQL, classified so callers can tell "fix your configuration" apart from
/// "retry later" without parsing messages themselves.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// libpq could not parse the connection string.
        case invalidConnectionString
        /// Nothing answered at the configured address (refused, no socket file, no answer in time).
        case serverUnreachable
        /// The server rejected the user name or password (SQLSTATE class 28).
        case authenticationFailed
        /// The server is up but the named database does not exist (SQLSTATE 3D000).
        case databaseMissing
        /// The server answered but refused the session for another reason (starting up, too many clients, ...).
        case connectionRejected
        /// An established connection broke: the backend was terminated, the server shut down or the socket died.
        case connectionLost
        /// The server made no progress within the connection's `timeoutMs`. The statement was cancelled; the
        /// connection stays usable, except in the middle of a pipeline or COPY, where it is closed (see `status`).
        case timedOut
        /// The server rejected a statement (syntax error, constraint violation, ...).
        case server
        /// libpq refused the request before it reached the server.
        case client
        /// A value could not be converted to the requested Swift type, or cannot be sent to the server.
        case invalidValue
    }

    public let kind: Kind
    /// The primary message, from the server when it sent one, otherwise from libpq.
    public let message: String
    /// The five-character SQLSTATE, when the server reported one.
    public let sqlState: String?
    public let detail: String?
    public let hint: String?
    /// The zero-based position of the failing statement within a pipeline.
    public let statementIndex: Int?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        statementIndex: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.statementIndex = statementIndex
    }

    public var description: String {
        var text = "\(kind.summary): \(message)"
        if let detail { text += " (detail: \(detail))" }
        if let hint { text += " (hint: \(hint))" }
        if let statementIndex { text += " [pipeline statement \(statementIndex)]" }
        if let sqlState { text += " [SQLSTATE \(sqlState)]" }
        return text
    }
}

extension PostgresError.Kind {
    var summary: String {
        switch self {
        case .invalidConnectionString: "invalid PostgreSQL connection string"
        case .serverUnreachable: "cannot reach the PostgreSQL server"
        case .authenticationFailed: "PostgreSQL authentication failed (check user name and password)"
        case .databaseMissing: "PostgreSQL database does not exist"
        case .connectionRejected: "PostgreSQL server refused the connection"
        case .connectionLost: "PostgreSQL connection lost"
        case .timedOut: "PostgreSQL operation timed out"
        case .server: "PostgreSQL statement failed"
        case .client: "PostgreSQL client error"
        case .invalidValue: "invalid PostgreSQL value"
        }
    }
}

extension PostgresError {
    /// Classifies a failed connection attempt from libpq's error text.
    ///
    /// libpq keeps no PGresult for connection-time failures, so the SQLSTATE is only available inside the text;
    /// `PostgresConnection` asks for verbose messages while connecting so it is there ("FATAL:  28P01: ...").
    /// Messages without one (client-side failures, or text from elsewhere) fall back to well-known phrases.
    public static func connectionFailure(libpqMessage: String) -> PostgresError {
        let text = normalized(libpqMessage)
        // libpq writes "<severity>:  <SQLSTATE>: <message>" with two spaces after the severity, whose wording may
        // be translated; the two spaces tell it apart from "... failed: FATAL:", where FATAL looks like a SQLSTATE.
        if let match = text.firstMatch(of: /\S+: {2}([0-9A-Z]{5}): (.*)/) {
            let sqlState = String(match.1)
            return PostgresError(kind: connectionKind(sqlState: sqlState), message: String(match.2), sqlState: sqlState)
        }
        return PostgresError(kind: connectionKind(text: text), message: text)
    }

    /// Builds the error for a failed statement from the fields the server sent.
    init(result: OpaquePointer, connectionBroken: Bool, statementIndex: Int? = nil) {
        // postgres_ext.h defines the PG_DIAG_* field codes as character literals, which Swift does not import.
        func field(_ code: Unicode.Scalar) -> String? {
            PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
        }
        let sqlState = field("C")
        let fallback = Self.normalized(String(cString: PQresultErrorMessage(result)))
        var kind = Self.statementKind(sqlState: sqlState)
        if connectionBroken { kind = .connectionLost }
        self.init(
            kind: kind, message: field("M") ?? fallback, sqlState: sqlState, detail: field("D"), hint: field("H"),
            statementIndex: statementIndex)
    }

    /// Collapses libpq's multi-line messages into one line and drops verbose source locations.
    static func normalized(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }
            .filter { !$0.isEmpty && !$0.hasPrefix("LOCATION:") }
            .joined(separator: " ")
    }

    private static func connectionKind(sqlState: String) -> Kind {
        switch sqlState {
        case "28P01", "28000": .authenticationFailed
        case "3D000": .databaseMissing
        default: .connectionRejected
        }
    }

    private static func connectionKind(text: String) -> Kind {
        let lowered = text.lowercased()
        if lowered.contains("password authentication failed") || lowered.contains("no password supplied")
            || (lowered.contains("role \"") && lowered.contains("does not exist"))
        {
            return .authenticationFailed
        }
        if lowered.contains("database \"") && lowered.contains("does not exist") {
            return .databaseMissing
        }
        return .serverUnreachable
    }

    private static func statementKind(sqlState: String?) -> Kind {
        guard let sqlState else { return .server }
        if sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) {
            return .connectionLost
        }
        return .server
    }
}
