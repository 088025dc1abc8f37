import CLibPQ
import Foundation

/// The non-blocking protocol loop shared by every operation: send, flush, wait with a time limit, read results.
extension PostgresConnection {
    /// Runs `operation` on the live connection and, if it fails, leaves the connection idle or closed — never
    /// half-way through a command, where the next caller would receive stale results.
    func perform<T>(_ operation: (OpaquePointer) throws -> T) throws -> T {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connectionLost, message: "the connection is closed or broken")
        }
        do {
            return try operation(handle)
        } catch {
            recover(handle, from: error)
            throw error
        }
    }

    /// PostgreSQL text cannot hold NUL, and C strings would silently cut the value short at it.
    func checkParameters(_ parameters: [String?]) throws {
        if let index = parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(kind: .invalidValue, message: "parameter $\(index + 1) contains a NUL character")
        }
    }

    func sendParameterized(_ handle: OpaquePointer, sql: String, parameters: [String?]) throws {
        try checkParameters(parameters)
        let values = CStringArray(parameters)
        let sent = values.withPointers { pointers in
            PQsendQueryParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        guard sent == 1 else { throw failure(of: handle) }
    }

    /// Sends everything libpq has buffered, reading input meanwhile so a server blocked on writing results to us
    /// can make progress instead of deadlocking against our write.
    func flush(_ handle: OpaquePointer) throws {
        while true {
            switch PQflush(handle) {
            case 0:
                return
            case 1:
                let events = try wait(handle, events: Int16(POLLIN | POLLOUT))
                if events & Int16(POLLIN) != 0, PQconsumeInput(handle) == 0 { throw failure(of: handle) }
            default:
                throw failure(of: handle)
            }
        }
    }

    /// The next result of the current command, or `nil` once the command is complete.
    func nextResult(_ handle: OpaquePointer) throws -> OpaquePointer? {
        while PQisBusy(handle) == 1 {
            _ = try wait(handle, events: Int16(POLLIN))
            guard PQconsumeInput(handle) == 1 else { throw failure(of: handle) }
        }
        return PQgetResult(handle)
    }

    /// Reads results until the command completes, so the connection is idle afterwards even when a statement
    /// failed; returns the last successful result and throws the first failure.
    func collectResults(_ handle: OpaquePointer) throws -> PostgresResult? {
        var last: PostgresResult?
        var firstError: PostgresError?
        do {
            while let result = try nextResult(handle) {
                let status = PQresultStatus(result)
                if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
                    last = PostgresResult(handle: result)
                    continue
                }
                defer { PQclear(result) }
                if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                    throw PostgresError(kind: .client, message: "COPY is not supported on this connection")
                }
                firstError =
                    firstError
                    ?? PostgresError(result: result, connectionBroken: PQstatus(handle) == CONNECTION_BAD)
            }
        } catch {
            // A terminated backend sends its reason just before the socket closes; that beats "connection closed".
            throw firstError ?? error
        }
        if let firstError { throw firstError }
        return last
    }

    /// The error libpq recorded on the connection, for failures that produced no result.
    func failure(of handle: OpaquePointer) -> PostgresError {
        let message = PostgresError.normalized(String(cString: PQerrorMessage(handle)))
        let broken = PQstatus(handle) == CONNECTION_BAD
        return PostgresError(kind: broken ? .connectionLost : .client, message: message)
    }

    /// Waits for the socket with a fresh time limit: every event is progress, so only silence can time out.
    private func wait(_ handle: OpaquePointer, events: Int16) throws -> Int16 {
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw failure(of: handle) }
        guard let ready = SocketWait.wait(socket: socket, events: events, deadline: Deadline(timeoutMs: timeoutMs))
        else {
            throw PostgresError(
                kind: .timedOut, message: "the server sent and accepted nothing for \(timeoutMs) ms")
        }
        return ready
    }

    private func recover(_ handle: OpaquePointer, from error: any Error) {
        guard PQstatus(handle) == CONNECTION_OK else { return }
        if (error as? PostgresError)?.kind == .timedOut { requestCancel(handle) }
        // Pipelines and COPY have no simple way back to idle; a fresh session is cheaper and safer than guessing.
        guard PQpipelineStatus(handle) == PQ_PIPELINE_OFF else { return close() }
        do {
            while let result = try nextResult(handle) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH { return close() }
            }
        } catch {
            close()
        }
    }

    /// Asks the server to stop the running statement. PQcancel opens its own short connection to the same address
    /// and libpq 15 gives it no time limit; on the local sockets and loopback addresses Gavel uses it is immediate.
    private func requestCancel(_ handle: OpaquePointer) {
        guard let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &errorBuffer, Int32(errorBuffer.count))
    }
}
