import Foundation
import Logging

/// The data directory: created owner-only (0700), and held by one `gaveld serve` at a time.
enum DataDirectory {
    /// Creates the directory (and missing parents) unless it exists. A root process running the embedded
    /// PostgreSQL also grants others search permission (o+x, never read): the `postgres` user must pass
    /// through it to reach the cluster, as EmbeddedPostgres does for the cluster directory itself.
    static func prepare(_ path: String, embeddedPostgres: Bool, logger: Logger) throws(StartupError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw StartupError("cannot create data directory \(path): \(error.localizedDescription)")
        }
        if mkdir(path, 0o700) == 0 {
            logger.info("created data directory", metadata: ["path": "\(path)"])
        } else if errno != EEXIST {
            throw StartupError("cannot create data directory \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw StartupError("data directory \(path) is not a directory")
        }
        guard embeddedPostgres, geteuid() == 0, info.st_mode & S_IXOTH == 0 else { return }
        guard chmod(path, info.st_mode & 0o7777 | S_IXOTH) == 0 else {
            throw StartupError(
                "cannot grant the postgres user search permission on \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// An exclusive `flock` on `<data dir>/gaveld.lock`: two servers appending to one ledger would fight over
/// its chain, and the receipt key must not change under a running server. The kernel drops the lock when
/// the process dies, so a crash leaves nothing stale.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// `whenBusy` finishes the message given when a running gaveld holds the lock (what to do about it).
    init(directory: String, whenBusy: String = "") throws(StartupError) {
        let path = directory + "/gaveld.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StartupError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw StartupError(
                busy
                    ? "another gaveld is already serving data directory \(directory) (\(path) is locked)" + whenBusy
                    : "cannot lock \(path): \(reason)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}

/// A start-up failure, said in one line.
struct StartupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
