#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed POSIX call, kept with its errno so callers can tell "missing" from other failures.
public struct SystemCallError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    /// Captures the current `errno`; call immediately after the failing function.
    init(_ operation: String) {
        self.operation = operation
        self.code = errno
    }

    init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code)))"
    }
}
