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
