#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owner-only files that change all at once: contents are written and fsynced under a temporary name
/// first, so a crash leaves the old file or the new one, never a truncated mix.
public enum DurableFile {
    static let ownerOnlyMode: mode_t = 0o600
    private static let temporarySuffixByteCount = 8

    /// Writes `contents` (mode 0600) and moves it over `path`, replacing what was there.
    public static func replace(_ path: String, with contents: [UInt8]) throws(SystemCallError) {
        let temporary = try temporaryPath(for: path)
        try writeDurably(contents, toNewFile: temporary)
        guard rename(temporary, path) == 0 else {
            let error = SystemCallError("rename")
            unlink(temporary)
            throw error
        }
        try synchronizeDirectory(containing: path)
    }

    /// A fresh name beside `path`, so that a rename stays within one file system.
    static func temporaryPath(for path: String) throws(SystemCallError) -> String {
        do {
            return path + ".tmp-" + Hex.encode(try SecureRandom.bytes(count: temporarySuffixByteCount))
        } catch {
            throw SystemCallError(operation: "RAND_bytes", code: EIO)
        }
    }

    static func writeDurably(_ contents: [UInt8], toNewFile path: String) throws(SystemCallError) {
        let file = try FileDescriptor(
            opening: path, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: ownerOnlyMode)
        do {
            try file.writeAll(contents)
            try file.synchronize()
        } catch {
            unlink(path)
            throw error
        }
    }

    /// A new or renamed directory entry is only durable once the directory itself has been fsynced.
    static func synchronizeDirectory(containing path: String) throws(SystemCallError) {
        let directory = try FileDescriptor(opening: directoryPath(of: path), flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try directory.synchronize()
    }

    private static func directoryPath(of path: String) -> String {
        guard let slashIndex = path.lastIndex(of: "/") else {
            return "."
        }
        let directory = path[..<slashIndex]
        return directory.isEmpty ? "/" : String(directory)
    }
}
