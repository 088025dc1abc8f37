/// Why a local cluster could not be created, started or stopped. Descriptions say what to do about it.
public enum EmbeddedPostgresError: Error, Sendable, CustomStringConvertible {
    /// No `initdb` on PATH or under the versioned install root (searched as `<root>/*/bin`).
    case notInstalled(versionedRoot: String)
    /// `initdb` was found but `pg_ctl` is not next to it.
    case pgCtlMissing(besideInitdb: String)
    /// Running as root requires a system user to own and run the cluster, and it does not exist.
    case systemUserMissing(String)
    /// Running as root requires `runuser` (util-linux) to start PostgreSQL as the system user.
    case runuserMissing
    /// The system user running the cluster cannot reach it through this directory.
    case directoryNotTraversable(path: String, user: String)
    /// The data directory holds files but no cluster; it is left alone rather than overwritten.
    case notAClusterDirectory(String)
    /// The socket directory exists but is not a private directory owned by the cluster user.
    case unsafeSocketDirectory(String)
    case commandFailed(command: String, exitStatus: Int32, output: String)
    case commandTimedOut(command: String, timeoutMs: Int)
    case lockTimedOut(path: String, timeoutMs: Int)
    /// Processes of a crashed server still use the data directory; starting now could corrupt it.
    case leftoverServerProcesses(dataDirectory: String, pids: [Int32])
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case .notInstalled(let root):
            "PostgreSQL is not installed: initdb not found on PATH or in \(root)/*/bin (install postgresql)"
        case .pgCtlMissing(let initdb):
            "PostgreSQL installation is incomplete: pg_ctl not found next to \(initdb)"
        case .systemUserMissing(let user):
            "running as root needs the '\(user)' system user to own the cluster, but it does not exist"
                + " (install postgresql, or run as an unprivileged user)"
        case .runuserMissing:
            "running as root needs runuser (util-linux) to start PostgreSQL as the postgres user"
        case .directoryNotTraversable(let path, let user):
            "the \(user) user cannot pass through \(path); grant search permission (chmod o+x \(path))"
                + " or put the cluster elsewhere"
        case .notAClusterDirectory(let path):
            "\(path) contains files but no PostgreSQL cluster (no PG_VERSION); refusing to overwrite it"
        case .unsafeSocketDirectory(let path):
            "socket directory \(path) exists but is not a private (0700) directory of the cluster's user"
        case .commandFailed(let command, let exitStatus, let output):
            "\(command) failed with exit status \(exitStatus): \(output)"
        case .commandTimedOut(let command, let timeoutMs):
            "\(command) did not finish within \(timeoutMs) ms and was stopped"
        case .lockTimedOut(let path, let timeoutMs):
            "another process held the cluster lock \(path) for more than \(timeoutMs) ms"
        case .leftoverServerProcesses(let dataDirectory, let pids):
            "processes \(pids.map(String.init).joined(separator: ", ")) of a crashed server still use"
                + " \(dataDirectory); stop them before starting the cluster again"
        case .fileSystem(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
