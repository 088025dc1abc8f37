import Foundation
import Logging

/// A PostgreSQL cluster kept in one directory and reachable only through a Unix socket inside it.
///
/// Layout: `<directory>/pgdata` (the cluster), `<directory>/socket` (the socket; see
/// ``socketDirectory(forClusterDirectory:port:)``), `<directory>/postgres.log` (server log) and
/// `<directory>/cluster.lock` (serialises management across processes). The server listens on no TCP port, and
/// trust authentication is safe because the socket directory is private (0700) to the cluster's user.
///
/// When the calling process is root, the cluster belongs to the `postgres` system user (PostgreSQL refuses to
/// run as root): its files are chowned to that user, initdb and pg_ctl run through `runuser`, and the cluster
/// directory gains search permission for others (o+x, never read) so that user can reach its data.
///
/// Methods block (initdb, pg_ctl) for seconds; call them off latency-sensitive threads. Every step is bounded by
/// `timeoutMs`.
public final class EmbeddedPostgres: Sendable {
    public enum StartOutcome: Sendable, Equatable {
        /// initdb ran: the directory held no cluster before.
        case createdCluster
        /// An existing cluster was started (after a clean stop or a crash).
        case startedExistingCluster
        /// The cluster was already being served; nothing was started.
        case alreadyRunning
    }

    /// The superuser initdb creates; all connection strings use it.
    public static var superuser: String { "gavel" }

    public let directory: String
    public let dataDirectory: String
    public let socketDirectory: String
    /// The application database, created on start when missing.
    public let databaseName: String
    public let port: Int
    public let timeoutMs: Int
    private let logger: Logger

    public init(
        directory: String, databaseName: String = "gavel", port: Int = 5432, timeoutMs: Int = 60_000,
        logger: Logger = Logger(label: "gavel.embedded-postgres")
    ) {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.directory = absolute
        dataDirectory = absolute + "/pgdata"
        socketDirectory = Self.socketDirectory(forClusterDirectory: absolute, port: port)
        self.databaseName = databaseName
        self.port = port
        self.timeoutMs = timeoutMs
        self.logger = logger
    }

    /// Where the server's socket lives for a cluster directory.
    ///
    /// A Unix socket path must fit in `sun_path` (108 bytes including the terminating NUL), which deep build
    /// directories exceed. Such clusters use `/tmp/gavel-<hash of the directory>` instead: short, and stable
    /// across runs so connection strings do not change.
    public static func socketDirectory(forClusterDirectory directory: String, port: Int) -> String {
        let preferred = directory + "/socket"
        if "\(preferred)/.s.PGSQL.\(port)".utf8.count <= 107 { return preferred }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in directory.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "/tmp/gavel-" + String(hash, radix: 16)
    }

    /// The libpq connection string for the application database.
    public var connectionString: String { connectionString(database: databaseName) }

    public func connectionString(database: String) -> String {
        PostgresConnectionOptions([
            "host": socketDirectory, "port": String(port), "dbname": database, "user": Self.superuser,
        ]).connectionString
    }

    /// Whether a live server is serving this cluster's data directory.
    public var isRunning: Bool { postmasterPID != nil }

    /// The process id of the live postmaster, if one is serving this cluster.
    public var postmasterPID: Int32? {
        guard let pid = PostmasterProcess.recordedPID(dataDirectory: dataDirectory),
            PostmasterProcess.isServing(pid: pid, dataDirectory: dataDirectory)
        else { return nil }
        return pid
    }

    /// Creates the cluster on first use, starts it unless already running, and creates the application
    /// database if missing. Safe to call concurrently from several threads or processes.
    @discardableResult
    public func start() throws -> StartOutcome {
        let binaries = try PostgresBinaries.locate()
        let user = try ClusterUser.resolve()
        try prepareClusterDirectory(for: user)
        return try ClusterLock.withLock(at: directory + "/cluster.lock", timeoutMs: timeoutMs) {
            let runner = CommandRunner(user: user)
            try prepareSocketDirectory(for: user)
            let created = try initializeIfNeeded(binaries, runner: runner, user: user)
            try writeConfiguration(for: user)
            if isRunning {
                try ensureDatabase()
                return .alreadyRunning
            }
            try clearStaleServerState()
            try launch(binaries, runner: runner, user: user)
            try ensureDatabase()
            return created ? .createdCluster : .startedExistingCluster
        }
    }

    /// How `pg_ctl stop` shuts the server down.
    public enum StopMode: String, Sendable {
        /// Sessions are disconnected, committed work is safe, the next start needs no recovery.
        case fast
        /// Every process quits at once, as in a power cut; the next start replays the WAL. For fault tests.
        case immediate
    }

    /// Stops the server (by default with a fast shutdown). Does nothing when it is not running.
    public func stop(mode: StopMode = .fast) throws {
        guard isRunning else { return }
        let binaries = try PostgresBinaries.locate()
        let runner = CommandRunner(user: try ClusterUser.resolve())
        try ClusterLock.withLock(at: directory + "/cluster.lock", timeoutMs: timeoutMs) {
            guard isRunning else { return }
            let arguments = ["-D", dataDirectory, "-m", mode.rawValue, "-w", "-t", String(timeoutSeconds), "stop"]
            try runner.run(binaries.pgCtl, arguments, timeoutMs: timeoutMs + 10_000)
            logger.info("stopped PostgreSQL", metadata: ["directory": "\(directory)"])
        }
    }

    private var timeoutSeconds: Int { max(1, timeoutMs / 1_000) }

    private var logFile: String { directory + "/postgres.log" }
}

extension EmbeddedPostgres {
    private func prepareClusterDirectory(for user: ClusterUser) throws {
        try createDirectory(directory, mode: 0o700)
        guard user.delegatedName != nil else { return }
        // The postgres user must pass through this root-owned directory to reach pgdata and the log; search
        // permission alone lets it, without letting anyone list or read what is inside.
        var info = stat()
        guard stat(directory, &info) == 0, chmod(directory, info.st_mode & 0o7777 | S_IXOTH) == 0 else {
            throw EmbeddedPostgresError.fileSystem(path: directory, reason: String(cString: strerror(errno)))
        }
        try user.checkTraversable(directory)
    }

    private func prepareSocketDirectory(for user: ClusterUser) throws {
        let created = try createDirectory(socketDirectory, mode: 0o700)
        guard socketDirectory.hasPrefix(directory + "/") || created else {
            // A shared /tmp directory we did not just create could belong to anyone: use it only if it is
            // still the cluster user's private directory.
            var info = stat()
            guard lstat(socketDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == user.uid,
                info.st_mode & 0o077 == 0
            else { throw EmbeddedPostgresError.unsafeSocketDirectory(socketDirectory) }
            return
        }
        try user.own(socketDirectory)
    }

    /// Runs initdb unless the data directory already holds a cluster; returns whether it ran.
    private func initializeIfNeeded(_ binaries: PostgresBinaries, runner: CommandRunner, user: ClusterUser) throws
        -> Bool
    {
        if FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            var info = stat()
            if stat(dataDirectory, &info) == 0, info.st_uid != user.uid { try user.ownRecursively(dataDirectory) }
            return false
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? []
        guard existing.isEmpty else { throw EmbeddedPostgresError.notAClusterDirectory(dataDirectory) }
        try createDirectory(dataDirectory, mode: 0o700)
        try user.own(dataDirectory)
        let arguments = [
            "-D", dataDirectory, "-U", Self.superuser, "--auth=trust", "-E", "UTF8", "--no-locale",
            "--no-instructions",
        ]
        do {
            try runner.run(binaries.initdb, arguments, timeoutMs: timeoutMs)
        } catch {
            // The directory was empty before, so whatever an interrupted initdb left is safe to discard — and
            // must be, or the next start would refuse a half-made cluster.
            try? FileManager.default.removeItem(atPath: dataDirectory)
            throw error
        }
        logger.info("created PostgreSQL cluster", metadata: ["dataDirectory": "\(dataDirectory)"])
        return true
    }

    /// Writes the settings this type depends on into `gavel.conf`, included from postgresql.conf. A file rather
    /// than `pg_ctl -o` options, because those pass through a shell and paths would need shell quoting.
    private func writeConfiguration(for user: ClusterUser) throws {
        let escapedSocket = socketDirectory.replacing("'", with: "''")
        // fsync and synchronous_commit are spelled out because the ledger's durability promises rest on them;
        // they are never relaxed for speed, not even for tests.
        let settings = """
            # Written by Gavel's EmbeddedPostgres on every start; change EmbeddedPostgres, not this file.
            listen_addresses = ''
            unix_socket_directories = '\(escapedSocket)'
            unix_socket_permissions = 0700
            port = \(port)
            max_connections = 200
            shared_buffers = '128MB'
            fsync = on
            synchronous_commit = on
            full_page_writes = on
            # After a crash, one syncfs of the file system instead of an fsync per file: the same durability,
            # seconds instead of minutes for a cluster holding many test databases.
            recovery_init_sync_method = syncfs
            # A new WAL segment is not zero-filled first: PostgreSQL writes all 16 MB and syncs them inside
            # the commit that needs it, which stalled every commit behind it for 40 ms (journal-less ext4)
            # to 100 ms (journaled ext4) about every 27,000 BIDs. Recycled segments, a long-running
            # server's usual case, are not affected either way.
            wal_init_zero = off

            """
        let settingsPath = dataDirectory + "/gavel.conf"
        try write(settings, to: settingsPath)
        try user.own(settingsPath)
        let mainPath = dataDirectory + "/postgresql.conf"
        let include = "include = 'gavel.conf'"
        let main = try String(contentsOfFile: mainPath, encoding: .utf8)
        if !main.contains(include) {
            // Writing in place (not atomically) keeps the file's owner when root does the writing.
            try write(main + "\n# Settings managed by Gavel's EmbeddedPostgres\n\(include)\n", to: mainPath)
        }
    }

    /// Removes what a crashed server (say, a postmaster killed with SIGKILL) left behind. PostgreSQL itself
    /// overwrites a lock file whose process is gone, but not one whose pid was since reused; and its orphaned
    /// backends must be gone before a new server attaches to the same data.
    private func clearStaleServerState() throws {
        guard let stalePID = PostmasterProcess.recordedPID(dataDirectory: dataDirectory) else { return }
        let deadline = Deadline(timeoutMs: min(timeoutMs, 15_000))
        var leftovers = PostmasterProcess.processes(using: dataDirectory)
        while !leftovers.isEmpty && deadline.remainingMs > 0 {
            usleep(100_000)
            leftovers = PostmasterProcess.processes(using: dataDirectory)
        }
        guard leftovers.isEmpty else {
            throw EmbeddedPostgresError.leftoverServerProcesses(dataDirectory: dataDirectory, pids: leftovers)
        }
        try removeIfPresent(dataDirectory + "/postmaster.pid")
        let socketLock = "\(socketDirectory)/.s.PGSQL.\(port).lock"
        if let lockPID = PostmasterProcess.recordedPID(lockFile: socketLock),
            !PostmasterProcess.isServing(pid: lockPID, dataDirectory: dataDirectory)
        {
            try removeIfPresent(socketLock)
            try removeIfPresent("\(socketDirectory)/.s.PGSQL.\(port)")
        }
        logger.warning(
            "removed stale postmaster.pid of a server that is no longer running",
            metadata: ["pid": "\(stalePID)", "dataDirectory": "\(dataDirectory)"])
    }

    private func launch(_ binaries: PostgresBinaries, runner: CommandRunner, user: ClusterUser) throws {
        if !FileManager.default.fileExists(atPath: logFile) {
            try createFile(logFile, mode: 0o600)
        }
        try user.own(logFile)
        let arguments = ["-D", dataDirectory, "-l", logFile, "-w", "-t", String(timeoutSeconds), "start"]
        do {
            try runner.run(binaries.pgCtl, arguments, timeoutMs: timeoutMs + 10_000)
        } catch EmbeddedPostgresError.commandFailed(let command, let exitStatus, let output) {
            // pg_ctl only says the server did not start; the reason is in the server log.
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let tail = log.split(whereSeparator: \.isNewline).suffix(15).joined(separator: "\n")
            throw EmbeddedPostgresError.commandFailed(
                command: command, exitStatus: exitStatus, output: "\(output)\nserver log (\(logFile)):\n\(tail)")
        }
        logger.info("started PostgreSQL", metadata: ["socketDirectory": "\(socketDirectory)"])
    }

    private func ensureDatabase() throws {
        let admin = try PostgresConnection(
            connectionString: connectionString(database: "postgres"), timeoutMs: min(timeoutMs, 30_000),
            logger: logger)
        let existing = try admin.query("SELECT 1 FROM pg_database WHERE datname = $1", parameters: [databaseName])
        guard existing.rowCount == 0 else { return }
        try admin.execute("CREATE DATABASE \(PostgresConnection.quoteIdentifier(databaseName))")
        logger.info("created database", metadata: ["database": "\(databaseName)"])
    }

    /// Creates a directory (and missing parents, with default permissions) unless it exists; returns whether
    /// it was created.
    @discardableResult
    private func createDirectory(_ path: String, mode: mode_t) throws -> Bool {
        guard !FileManager.default.fileExists(atPath: path) else { return false }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw EmbeddedPostgresError.fileSystem(path: parent, reason: error.localizedDescription)
        }
        if mkdir(path, mode) == 0 { return true }
        guard errno == EEXIST else {
            throw EmbeddedPostgresError.fileSystem(path: path, reason: String(cString: strerror(errno)))
        }
        return false
    }

    private func removeIfPresent(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw EmbeddedPostgresError.fileSystem(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private func createFile(_ path: String, mode: mode_t) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw EmbeddedPostgresError.fileSystem(path: path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    private func write(_ contents: String, to path: String) throws {
        do {
            try contents.write(toFile: path, atomically: false, encoding: .utf8)
        } catch {
            throw EmbeddedPostgresError.fileSystem(path: path, reason: error.localizedDescription)
        }
    }
}
