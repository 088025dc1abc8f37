import CLibPQ
import Foundation
import Logging

/// A synchronous PostgreSQL connection over libpq.
///
/// Thread confinement: a libpq `PGconn` has no internal locking, so a connection must be used by one thread at a
/// time. Gavel gives each connection to a dedicated database thread. The type is deliberately not `Sendable`:
/// create it on the thread that uses it, or hand it over once with `sending`; never share it.
///
/// Every call is bounded in time. Connecting must finish within `timeoutMs`. After that the socket runs in
/// non-blocking mode and each wait gives up once the server has neither sent nor accepted anything for
/// `timeoutMs`: a long COPY or a big result that keeps moving is fine, a stalled one is not. A statement that
/// runs too long is cancelled on the server and reported as ``PostgresError/Kind/timedOut``.
/// Host names are resolved by the system resolver, which libpq cannot bound; use addresses or socket paths.
public final class PostgresConnection {
    public enum Status: Sendable, Equatable {
        case ok
        case bad
    }

    public let timeoutMs: Int
    private let connectionString: String
    private let noticeForwarder: PostgresNoticeForwarder
    var handle: OpaquePointer?
    /// The statements prepared on the current session, by name: a new session starts with none.
    var preparedStatements: [String: String] = [:]

    /// Connects with a libpq keyword/value string ("host=/run/gavel dbname=gavel user=gavel") or a
    /// postgres:// URI. Connecting is bounded by `timeoutMs`, or by `connect_timeout` when the string sets a
    /// shorter one.
    public init(
        connectionString: String, timeoutMs: Int = 30_000, logger: Logger = Logger(label: "gavel.postgres")
    ) throws {
        precondition(timeoutMs > 0, "timeoutMs must be positive")
        self.connectionString = connectionString
        self.timeoutMs = timeoutMs
        noticeForwarder = PostgresNoticeForwarder(logger: logger)
        handle = try open()
    }

    deinit {
        close()
    }

    /// `.bad` once the connection is closed or broken; a new connection is the way back.
    public var status: Status {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return .bad }
        return .ok
    }

    /// The process id of the server backend, as `pg_backend_pid()` reports it; 0 when not connected.
    public var backendPID: Int32 {
        handle.map { PQbackendPID($0) } ?? 0
    }

    /// Closes the session. Further calls fail with ``PostgresError/Kind/connectionLost``.
    public func close() {
        guard let handle else { return }
        PQfinish(handle)
        self.handle = nil
        preparedStatements.removeAll()
    }

    /// Runs one or more SQL commands with the simple query protocol (no parameters, results discarded).
    public func execute(_ sql: String) throws {
        try perform { handle in
            guard PQsendQuery(handle, sql) == 1 else { throw failure(of: handle) }
            try flush(handle)
            _ = try collectResults(handle)
        }
    }

    /// Runs one statement with text-format parameters `$1`, `$2`, ... (`nil` is SQL NULL) and returns its result.
    @discardableResult
    public func query(_ sql: String, parameters: [String?] = []) throws -> PostgresResult {
        try perform { handle in
            try sendParameterized(handle, sql: sql, parameters: parameters)
            try flush(handle)
            guard let result = try collectResults(handle) else {
                throw PostgresError(kind: .client, message: "the server returned no result for: \(sql)")
            }
            return result
        }
    }

    /// Quotes an identifier (database, table or cursor name) for interpolation into SQL.
    public static func quoteIdentifier(_ identifier: String) -> String {
        "\"\(identifier.replacing("\"", with: "\"\""))\""
    }

    private func open() throws -> OpaquePointer {
        let options = try PostgresConnectionOptions(parsing: connectionString)
        var connectTimeoutMs = timeoutMs
        if let seconds = options["connect_timeout"].flatMap({ Int($0) }), seconds > 0 {
            // libpq rounds timeouts below two seconds up to two; match it.
            connectTimeoutMs = min(timeoutMs, max(seconds, 2) * 1_000)
        }
        guard let connection = startConnecting() else {
            throw PostgresError(kind: .client, message: "libpq could not allocate a connection")
        }
        do {
            try awaitConnected(connection, deadline: Deadline(timeoutMs: connectTimeoutMs))
            guard PQsetnonblocking(connection, 1) == 0 else { throw failure(of: connection) }
            noticeForwarder.install(on: connection)
            return connection
        } catch {
            PQfinish(connection)
            throw error
        }
    }

    private func startConnecting() -> OpaquePointer? {
        // The connection string is expanded in place of "dbname"; the settings after it override the string's:
        // Swift strings are Unicode whatever encoding the database uses, so the client encoding is always UTF8.
        let keywords = CStringArray(["dbname", "client_encoding", "fallback_application_name", nil])
        let values = CStringArray([connectionString, "UTF8", "gavel", nil])
        return keywords.withPointers { keywordPointers in
            values.withPointers { valuePointers in PQconnectStartParams(keywordPointers, valuePointers, 1) }
        }
    }

    private func awaitConnected(_ connection: OpaquePointer, deadline: Deadline) throws {
        // Verbose messages are the only way libpq reveals the SQLSTATE of a failed connection attempt.
        PQsetErrorVerbosity(connection, PQERRORS_VERBOSE)
        var pollStatus = PQstatus(connection) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING
        while pollStatus != PGRES_POLLING_OK {
            guard pollStatus != PGRES_POLLING_FAILED else {
                throw PostgresError.connectionFailure(libpqMessage: String(cString: PQerrorMessage(connection)))
            }
            let events = Int16(pollStatus == PGRES_POLLING_READING ? POLLIN : POLLOUT)
            guard SocketWait.wait(socket: PQsocket(connection), events: events, deadline: deadline) != nil else {
                throw PostgresError(
                    kind: .serverUnreachable, message: "no answer from the server within \(deadline.timeoutMs) ms")
            }
            pollStatus = PQconnectPoll(connection)
        }
        PQsetErrorVerbosity(connection, PQERRORS_DEFAULT)
    }
}
