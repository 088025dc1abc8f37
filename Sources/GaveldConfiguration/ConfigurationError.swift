/// Why `gaveld` refuses its configuration. Each description is one line that names the key, where the
/// value came from and what to write instead.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileUnreadable(path: String, reason: String)
    case fileNotJSON(path: String, reason: String)
    /// A key the file may not contain; `suggestion` is a known key spelled almost the same.
    case unknownKey(path: String, key: String, suggestion: String?)
    case wrongType(path: String, key: String, expected: String)
    /// A value of the right type that is not acceptable, e.g. a port above 65535.
    case badValue(key: String, source: ConfigurationSource, reason: String)
    /// Values that are each fine but do not fit together, e.g. `min_reserve` above `max_bid`.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason):
            "cannot read configuration file \(path): \(reason)"
        case .fileNotJSON(let path, let reason):
            "configuration file \(path) is not valid JSON: \(reason)"
        case .unknownKey(let path, let key, let suggestion?):
            "configuration file \(path): unknown key \"\(key)\" (did you mean \"\(suggestion)\"?)"
        case .unknownKey(let path, let key, nil):
            "configuration file \(path): unknown key \"\(key)\" (Config/README.md lists the keys)"
        case .wrongType(let path, let key, let expected):
            "configuration file \(path): \"\(key)\" must be \(expected)"
        case .badValue(let key, let source, let reason):
            "bad \(key) from \(source): \(reason)"
        case .inconsistent(let reason):
            "inconsistent configuration: \(reason)"
        }
    }
}
