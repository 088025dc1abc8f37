import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a connection to a server could not be made, in the words a user acts on. SwiftNIO's own errors
/// name its internals (`SingleConnectionFailure(target: [IPv4]...)`); this is the one place that maps
/// them, so every client (one address or several) explains a failed connect the same way.
public enum ConnectFailure: Hashable, Sendable, CustomStringConvertible {
    case refused
    case hostUnreachable
    case networkUnreachable
    case timedOut
    case nameNotResolved
    /// The server answered but did not greet, or anything not above: the error's own text.
    case other(String)

    public init(_ error: any Error) {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                self.init(first.error)
            } else if error.dnsAError != nil || error.dnsAAAAError != nil {
                self = .nameNotResolved
            } else {
                self = .other(String(describing: error))
            }
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: self = .refused
            case EHOSTUNREACH: self = .hostUnreachable
            case ENETUNREACH: self = .networkUnreachable
            case ETIMEDOUT: self = .timedOut
            default: self = .other(String(cString: strerror(error.errnoCode)).lowercased())
            }
        case is SocketAddressError.UnknownHost:
            self = .nameNotResolved
        case ChannelError.connectTimeout, GavelClientError.helloTimedOut:
            self = .timedOut
        case GavelClientError.refused(let code, let message):
            self = .other("the server answered ERR \(code?.rawValue ?? "?") \(message)")
        default:
            self = .other(String(describing: error))
        }
    }

    public var description: String {
        switch self {
        case .refused: "connection refused"
        case .hostUnreachable: "host unreachable"
        case .networkUnreachable: "network unreachable"
        case .timedOut: "timed out"
        case .nameNotResolved: "host name not found"
        case .other(let text): text
        }
    }

    /// `cannot connect to 127.0.0.1:7070 (connection refused): is gaveld running there?`
    public static func message(address: String, error: any Error) -> String {
        let failure = ConnectFailure(error)
        switch failure {
        case .nameNotResolved: return "cannot connect to \(address) (\(failure)): is the host name right?"
        case .other: return "cannot connect to \(address): \(failure)"
        default: return "cannot connect to \(address) (\(failure)): is gaveld running there?"
        }
    }
}
