/// Why a load run could not start or could not set up its world.
public enum LoadError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidOption(String)
    /// The load generator only drives servers on this machine.
    case notLoopback(String)
    /// The server refused a setup command (AUTH, BIDDER ADD, OPEN) or closed the connection.
    case setupFailed(String)

    public var description: String {
        switch self {
        case .invalidOption(let text): "invalid option: \(text)"
        case .notLoopback(let host): "\(host) is not a loopback address (127.0.0.0/8, ::1 or localhost)"
        case .setupFailed(let text): "setup failed: \(text)"
        }
    }
}
