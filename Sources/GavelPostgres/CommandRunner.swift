import CGavelSpawn
import Foundation

/// Runs initdb and pg_ctl as the cluster's user with a hard time limit, capturing their output for errors.
///
/// This uses posix_spawn and waitpid rather than Foundation's `Process`: on Linux, `Process` learns that a child
/// exited when a socket it shares with the child closes, and the daemon `pg_ctl start` leaves behind inherits
/// that socket — so `Process` would report pg_ctl as running for as long as the server runs.
struct CommandRunner: Sendable {
    let user: ClusterUser

    /// Runs the command and returns its combined stdout and stderr; throws with that output when it fails.
    @discardableResult
    func run(_ executable: String, _ arguments: [String], timeoutMs: Int) throws -> String {
        let commandName = URL(fileURLWithPath: executable).lastPathComponent
        // Output goes to a file, not a pipe: a daemon inheriting a pipe would keep it open indefinitely.
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-\(commandName)-\(UUID().uuidString).log").path
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            throw EmbeddedPostgresError.fileSystem(path: outputPath, reason: String(cString: strerror(errno)))
        }
        defer {
            close(output)
            unlink(outputPath)
        }
        let launch = try user.launch(executable, arguments)
        let pid = try spawn(launch.executable, launch.arguments, output: output)
        guard let status = waitForExit(pid, deadline: Deadline(timeoutMs: timeoutMs)) else {
            stop(pid)
            throw EmbeddedPostgresError.commandTimedOut(command: commandName, timeoutMs: timeoutMs)
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw EmbeddedPostgresError.commandFailed(
                command: commandName, exitStatus: status, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return text
    }

    private func spawn(_ executable: String, _ arguments: [String], output: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        // NIO does not mark accepted sockets close-on-exec; a postmaster started while a server runs in
        // this process would otherwise hold its clients' sockets open after the server closes them.
        gavel_spawn_file_actions_addclosefrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children must not inherit this process's blocked or ignored signals: an ignored SIGCHLD, for one,
        // would break pg_ctl's own wait for the server.
        var emptySet = sigset_t()
        sigemptyset(&emptySet)
        var defaultSet = sigset_t()
        sigemptyset(&defaultSet)
        for signal in [SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2] {
            sigaddset(&defaultSet, signal)
        }
        posix_spawnattr_setsigmask(&attributes, &emptySet)
        posix_spawnattr_setsigdefault(&attributes, &defaultSet)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + environment { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        guard result == 0 else {
            throw EmbeddedPostgresError.fileSystem(path: executable, reason: String(cString: strerror(result)))
        }
        return pid
    }

    /// The exit status, or `nil` if the deadline passed first. A signal death reports 128 + signal, as shells do.
    private func waitForExit(_ pid: pid_t, deadline: Deadline) -> Int32? {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if reaped < 0 && errno != EINTR { return 128 }
            if deadline.remainingMs == 0 { return nil }
            usleep(20_000)
        }
    }

    /// Stops a command that overran: SIGTERM first (runuser forwards it), SIGKILL if it lingers, then reaps it.
    private func stop(_ pid: pid_t) {
        kill(pid, SIGTERM)
        if waitForExit(pid, deadline: Deadline(timeoutMs: 5_000)) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(pid, deadline: Deadline(timeoutMs: 5_000))
        }
    }
}
