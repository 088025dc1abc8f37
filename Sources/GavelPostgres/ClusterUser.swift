import Foundation

/// The account that owns a cluster's files and runs its processes.
///
/// PostgreSQL refuses to run as root, so a root process hands the cluster to the `postgres` system user: files
/// are chowned to it and initdb/pg_ctl run through `runuser`. Anyone else runs the cluster as themselves.
struct ClusterUser: Sendable {
    /// The system user commands are delegated to, or `nil` when they run as the current user.
    let delegatedName: String?
    let uid: uid_t
    let gid: gid_t

    static func resolve() throws -> ClusterUser {
        guard geteuid() == 0 else { return ClusterUser(delegatedName: nil, uid: geteuid(), gid: getegid()) }
        let name = "postgres"
        var entry = passwd()
        var buffer = [CChar](repeating: 0, count: 16_384)
        var found: UnsafeMutablePointer<passwd>?
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &found) == 0, found != nil else {
            throw EmbeddedPostgresError.systemUserMissing(name)
        }
        return ClusterUser(delegatedName: name, uid: entry.pw_uid, gid: entry.pw_gid)
    }

    /// The executable and arguments that run `executable` as this user.
    func launch(_ executable: String, _ arguments: [String]) throws -> (executable: String, arguments: [String]) {
        guard let delegatedName else { return (executable, arguments) }
        let locations = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        guard let runuser = locations.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw EmbeddedPostgresError.runuserMissing
        }
        return (runuser, ["-u", delegatedName, "--", executable] + arguments)
    }

    /// Gives `path` to this user; a no-op when nothing is delegated, since new files are already ours.
    func own(_ path: String) throws {
        guard delegatedName != nil, lchown(path, uid, gid) != 0 else { return }
        throw EmbeddedPostgresError.fileSystem(path: path, reason: "chown failed: \(String(cString: strerror(errno)))")
    }

    /// Gives a directory tree to this user, e.g. a data directory last touched by root.
    func ownRecursively(_ path: String) throws {
        try own(path)
        guard delegatedName != nil, let enumerator = FileManager.default.enumerator(atPath: path) else { return }
        while let relative = enumerator.nextObject() as? String {
            try own(path + "/" + relative)
        }
    }

    /// Checks that this user may search every directory from `/` down to `path`, so initdb and the server can
    /// reach the data directory. Fixing an ancestor is left to the operator: widening permissions outside the
    /// cluster directory is not this code's call.
    func checkTraversable(_ path: String) throws {
        guard let delegatedName else { return }
        var components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        while !components.isEmpty {
            let directory = "/" + components.dropFirst().joined(separator: "/")
            var info = stat()
            guard stat(directory, &info) == 0 else {
                throw EmbeddedPostgresError.fileSystem(path: directory, reason: String(cString: strerror(errno)))
            }
            let mode = info.st_mode
            let searchable =
                mode & S_IXOTH != 0 || (info.st_uid == uid && mode & S_IXUSR != 0)
                || (info.st_gid == gid && mode & S_IXGRP != 0)
            guard searchable else {
                throw EmbeddedPostgresError.directoryNotTraversable(path: directory, user: delegatedName)
            }
            components.removeLast()
        }
    }
}
