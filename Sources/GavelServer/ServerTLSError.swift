/// Why the TLS certificate or key cannot be used; each is one line for the operator.
public enum ServerTLSError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(what: String, String)
    case notPEM(what: String, String)
    case keyDoesNotMatch(certificatePath: String, keyPath: String)

    public var description: String {
        switch self {
        case .unreadable(let what, let path): "cannot read the TLS \(what) \(path)"
        case .notPEM(let what, let path): "the TLS \(what) \(path) is not a PEM \(what)"
        case .keyDoesNotMatch(let certificatePath, let keyPath):
            "the TLS private key \(keyPath) does not belong to the certificate \(certificatePath)"
        }
    }
}
