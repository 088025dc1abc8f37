#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open POSIX file descriptor, closed exactly once when its single owner goes away.
struct FileDescriptor: ~Copyable {
    private static let readChunkByteCount = 4096
    private let rawValue: Int32

    init(opening path: String, flags: Int32, mode: mode_t = 0) throws(SystemCallError) {
        var descriptor: Int32
        repeat {
            descriptor = open(path, flags, mode)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw SystemCallError("open")
        }
        self.rawValue = descriptor
    }

    deinit {
        close(rawValue)
    }

    /// `fstat` on the open descriptor, so the checked file is the one that will be read.
    func status() throws(SystemCallError) -> stat {
        var status = stat()
        guard fstat(rawValue, &status) == 0 else {
            throw SystemCallError("fstat")
        }
        return status
    }

    func readToEnd() throws(SystemCallError) -> [UInt8] {
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: Self.readChunkByteCount)
        while true {
            let readByteCount = read(rawValue, &chunk, chunk.count)
            if readByteCount == 0 {
                return contents
            }
            if readByteCount < 0 {
                guard errno == EINTR else {
                    throw SystemCallError("read")
                }
                continue
            }
            contents.append(contentsOf: chunk.prefix(readByteCount))
        }
    }

    func writeAll(_ bytes: [UInt8]) throws(SystemCallError) {
        var writtenByteCount = 0
        while writtenByteCount < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(rawValue, buffer.baseAddress! + writtenByteCount, buffer.count - writtenByteCount)
            }
            if result < 0 {
                guard errno == EINTR else {
                    throw SystemCallError("write")
                }
                continue
            }
            writtenByteCount += result
        }
    }

    func synchronize() throws(SystemCallError) {
        guard fsync(rawValue) == 0 else {
            throw SystemCallError("fsync")
        }
    }
}
