public import GavelCore

/// Why a command got no reply from the server, or a connection could not be used.
public enum GavelClientError: Error, Hashable, Sendable {
    /// The connection closed before the reply came: closed by either side, or by `BYE`.
    case connectionClosed
    /// The server sent a line this client cannot place (not `OK`, `ERR`, `= ` or `* `, or a reply
    /// nobody asked for); the connection is closed, since replies can no longer be matched.
    case protocolViolation(line: String)
    /// An `ERR` line whose code protocol version 1 does not have. Only that command fails.
    case unknownErrorCode(line: String)
    /// The server answered the connection with an `ERR` instead of `* HELLO` (e.g. `TOO_MANY_CONNECTIONS`).
    case refused(code: ErrorCode?, message: String)
    /// `* HELLO` was malformed or its key is not an Ed25519 public key.
    case badHello(String)
    /// No `* HELLO` within the connect timeout.
    case helloTimedOut
    /// A socket or TLS error closed the connection.
    case io(String)
}
