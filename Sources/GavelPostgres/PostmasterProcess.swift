import Foundation

/// Reads `postmaster.pid` and `/proc` to tell a live server from the leftovers of a crashed one.
enum PostmasterProcess {
    /// The process id recorded on the first line of the data directory's `postmaster.pid`, if any.
    static func recordedPID(dataDirectory: String) -> Int32? {
        recordedPID(lockFile: dataDirectory + "/postmaster.pid")
    }

    /// The process id on the first line of a PostgreSQL lock file (postmaster.pid or a socket's .lock).
    static func recordedPID(lockFile: String) -> Int32? {
        guard let contents = try? String(contentsOfFile: lockFile, encoding: .utf8) else { return nil }
        return contents.split(whereSeparator: \.isNewline).first.flatMap {
            Int32($0.trimmingCharacters(in: .whitespaces))
        }
    }

    /// Whether `pid` is a running PostgreSQL process serving `dataDirectory`. After a crash the recorded pid may
    /// be dead, a zombie nobody reaped, or reused by an unrelated process; none of those count.
    static func isServing(pid: Int32, dataDirectory: String) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        if let state = processState(pid), state == "Z" || state == "X" { return false }
        // PostgreSQL processes run inside their data directory, which identifies this cluster exactly.
        if let directory = workingDirectory(pid) { return directory == realPath(dataDirectory) }
        if let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed == "postgres" || trimmed == "postmaster"
        }
        return true
    }

    /// Live processes whose working directory is `dataDirectory`: the backends and helpers of a server whose
    /// postmaster died. They still hold shared memory, so a new server must wait for them to exit.
    static func processes(using dataDirectory: String) -> [Int32] {
        let target = realPath(dataDirectory)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let state = processState(pid), state != "Z", state != "X" else { return false }
            return workingDirectory(pid) == target
        }
    }

    private static func processState(_ pid: Int32) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let nameEnd = stat.lastIndex(of: ")")
        else { return nil }
        // The command name in parentheses may itself contain spaces and parentheses; the state follows the last ")".
        return stat[stat.index(after: nameEnd)...].first { !$0.isWhitespace }
    }

    private static func workingDirectory(_ pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }

    private static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
