import CLibEdit
import Foundation
import Synchronization

/// Reads lines from a terminal with libedit (emacs keys, history recalled with the arrows, saved in a file),
/// and prints lines that arrive meanwhile (events) above the line being typed, then redraws the prompt and
/// what was typed so far.
///
/// libedit is neither thread-safe nor reentrant, so one thread at a time drives it: `readLine` waits on
/// standard input and on a wake-up pipe together, feeds libedit one keystroke at a time, and prints queued
/// events between keystrokes. Only one `LineEditor` may exist in a process (libedit's readline API has one
/// global state).
public final class LineEditor: Sendable {
    public static let historyLimit: Int32 = 1000

    private struct State {
        /// A prompt is on the screen: events must go through the editing thread.
        var editing = false
        var pending: [String] = []
    }

    private let state = Mutex(State())
    private let historyFile: URL
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// `nil` unless standard input and output are both terminals: piped input gets no editing.
    public init?(historyFile: URL) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        self.historyFile = historyFile
        rl_initialize()
        using_history()
        stifle_history(Self.historyLimit)
        _ = read_history(historyFile.path)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Shows `prompt` and returns the line typed (added to the history when not blank), `nil` at end of
    /// input (Ctrl-D on an empty line).
    public func readLine(prompt: String) async -> String? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.edit(prompt: prompt)) }.start()
        }
    }

    /// Prints `line` now when no prompt is showing, or else above the prompt, which is redrawn.
    public func show(_ line: String) {
        let queued = state.withLock { state in
            guard state.editing else { return false }
            state.pending.append(line)
            return true
        }
        if queued {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        } else {
            writeOut(line + "\n")
        }
    }

    /// Saves the history to the file, owner-only (its directory too, when missing).
    public func saveHistory() {
        try? FileManager.default.createDirectory(
            at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        // Created 0600 before libedit opens it, so the history is never readable by others, not even briefly.
        let descriptor = open(historyFile.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        close(descriptor)
        _ = write_history(historyFile.path)
    }

    /// Blank lines are not kept, nor `AUTH` lines: a token must not end up in a file.
    static func belongsInHistory(_ line: String) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { return false }
        return first.uppercased() != "AUTH"
    }

    private func edit(prompt: String) -> String? {
        completedLine.withLock { $0 = nil }
        state.withLock { $0.editing = true }
        rl_callback_handler_install(prompt, lineCompleted)
        var result: String??
        while result == nil {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&fds, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                result = .some(nil)
                break
            }
            if fds[1].revents != 0 { printPending() }
            if fds[0].revents & Int16(POLLIN) != 0 {
                rl_callback_read_char()
                result = completedLine.withLock { $0 }
            } else if fds[0].revents != 0 {
                result = .some(nil)
            }
        }
        rl_callback_handler_remove()
        let leftover = state.withLock { state in
            state.editing = false
            defer { state.pending = [] }
            return state.pending
        }
        if result == .some(nil) { writeOut("\n") }
        for line in leftover { writeOut(line + "\n") }
        let line = result ?? nil
        if let line, Self.belongsInHistory(line) { _ = add_history(line) }
        return line
    }

    /// Clears the line being typed, prints the events, and has libedit draw the prompt and the typed text again.
    private func printPending() {
        var drained = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &drained, drained.count) > 0 {}
        let lines = state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
        guard !lines.isEmpty else { return }
        writeOut("\r\u{1B}[K" + lines.map { $0 + "\n" }.joined())
        rl_forced_update_display()
    }

    private func writeOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// The line libedit hands to `lineCompleted`: `.some(nil)` at end of input. A global, since a C callback
/// cannot capture its editor; only the one editing thread touches it.
private let completedLine = Mutex<String??>(nil)

private let lineCompleted: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { pointer in
    guard let pointer else {
        completedLine.withLock { $0 = .some(nil) }
        return
    }
    let line = String(cString: pointer)
    free(pointer)
    completedLine.withLock { $0 = .some(line) }
}
