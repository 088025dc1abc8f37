import Foundation

/// Serialises cluster management across threads and processes: two test processes, or a test and a server,
/// may start the same cluster at once, and initdb or pg_ctl racing against each other would fail or worse.
enum ClusterLock {
    static func withLock<T>(at path: String, timeoutMs: Int, _ body: () throws -> T) throws -> T {
        // O_CLOEXEC keeps the lock from leaking into the postmaster we spawn, which would hold it forever.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EmbeddedPostgresError.fileSystem(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let deadline = Deadline(timeoutMs: timeoutMs)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, deadline.remainingMs > 0 else {
                throw EmbeddedPostgresError.lockTimedOut(path: path, timeoutMs: timeoutMs)
            }
            usleep(50_000)
        }
        return try body()
    }
}
