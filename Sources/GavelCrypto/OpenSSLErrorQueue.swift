import COpenSSL

/// Access to OpenSSL's thread-local error queue.
enum OpenSSLErrorQueue {
    /// Removes every queued error and joins their descriptions.
    ///
    /// The queue must be emptied after each failure, otherwise stale entries would be reported
    /// alongside an unrelated later failure on the same thread.
    static func drain() -> String {
        var messages: [String] = []
        var code = ERR_get_error()
        while code != 0 {
            messages.append(describe(code))
            code = ERR_get_error()
        }
        return messages.isEmpty ? "no OpenSSL error reported" : messages.joined(separator: "; ")
    }

    /// Stops the process after an OpenSSL call that only fails when memory is exhausted or the
    /// library is broken; Swift itself traps on allocation failure, so callers get the same contract.
    static func fatal(_ operation: String) -> Never {
        fatalError("OpenSSL \(operation) failed: \(drain())")
    }

    private static func describe(_ code: UInt) -> String {
        let bufferByteCount = 256
        var buffer = [CChar](repeating: 0, count: bufferByteCount)
        ERR_error_string_n(code, &buffer, bufferByteCount)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
