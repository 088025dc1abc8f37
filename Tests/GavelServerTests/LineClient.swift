import Foundation

/// A plain blocking TCP client for end-to-end tests: writes raw bytes, reads LF-terminated lines with a
/// deadline. Loopback only.
final class LineClient {
    private let fd: Int32
    private var buffer: [UInt8] = []
    let timeoutMs: Int32

    /// `source` binds the client's end to another loopback address (`127.0.0.2`) first.
    init(port: Int, timeoutMs: Int32 = 30_000, source: String? = nil) throws {
        self.timeoutMs = timeoutMs
        // The descriptor is stored only once connected: a throw after `fd` is set would run deinit, whose
        // close would then close a number another thread (an in-process NIO server) may have reused.
        let fd = try LoopbackSocket.connect(port: port, source: source)
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    enum ClientError: Error {
        case io(String)
        case timeout
        case closed
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw ClientError.io("write: \(errno)") }
            offset += written
        }
    }

    /// Closes the sending side, as `nc` does at the end of its input.
    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// The next line without its LF; throws `closed` at end of stream and `timeout` after the deadline.
    func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeoutMs)
            // Other tests spawn processes; their SIGCHLD interrupts poll and read, which is not a timeout.
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { throw ClientError.timeout }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ClientError.closed }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Whether a line, or the end of the stream, is there to read within `ms` milliseconds.
    func isReadable(withinMs ms: Int32) -> Bool {
        if buffer.contains(UInt8(ascii: "\n")) { return true }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, ms) > 0
    }

    /// Reads lines up to and including the reply's final `OK` or `ERR` line, skipping `* ` events.
    func readReply() throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine()
            if line.hasPrefix("* ") { continue }
            lines.append(line)
            if line.hasPrefix("OK") || line.hasPrefix("ERR") { return lines }
        }
    }

    /// Sends one command and returns its final line (`OK ...` or `ERR ...`).
    @discardableResult
    func call(_ command: String) throws -> String {
        try send(command + "\n")
        return try readReply().last!
    }

    /// Sends one command and returns its rows and final line.
    func listing(_ command: String) throws -> [String] {
        try send(command + "\n")
        return try readReply()
    }

    /// True when the server has closed the connection (reads until EOF or timeout).
    func isClosedByServer() -> Bool {
        while true {
            do {
                _ = try readLine()
            } catch ClientError.closed {
                return true
            } catch {
                return false
            }
        }
    }
}

extension String {
    /// The value of `key=` in a reply line.
    func field(_ key: String) -> String? {
        split(separator: " ").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
