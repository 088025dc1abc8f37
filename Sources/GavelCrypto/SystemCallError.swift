#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed POSIX call, kept with its errno so callers can tell "missing" from other failures.
struct SystemCallError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32

    /// Captures the current `errno`; call immediately after the failing function.
    init(_ operation: String) {
        self.operation = operation
        self.code = errno
    }

    var description: String {
        "\(operation) failed: \(String(cString: strerror(code)))"
    }
}
