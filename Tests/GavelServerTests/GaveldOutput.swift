import Foundation
import Synchronization

/// A gaveld child's standard error, read line by line as it comes: each line goes to the test's log file,
/// or on to the run's output (`ExpectedErrorOutput`), and a test can wait for a line (the server saying it
/// serves, or that it is the standby) instead of polling for what it says.
final class GaveldOutput: Sendable {
    private struct State {
        var partialLine: [UInt8] = []
        var lines: [String] = []
        /// The pipe reached its end: the server and everything that shared its standard error are gone.
        var isAtEnd = false
        /// The server exited; the lines it wrote last may still be in the pipe.
        var hasExited = false
        var waiters: [DispatchSemaphore] = []
    }

    let pipe = Pipe()
    private let logFile: FileHandle?
    private let state = Mutex(State())

    /// `logFile` nil: the lines go on to the run's standard error. The pipe is read on a thread of its own:
    /// a test that blocks a thread of the shared pool waiting for a line must not hold up its reading.
    init(logFile: FileHandle?) {
        self.logFile = logFile
        let reading = pipe.fileHandleForReading
        Thread { [self] in
            while true {
                let data = reading.availableData
                take(data)
                if data.isEmpty { return }
            }
        }.start()
    }

    /// Called when the server has exited: a waiter for a line it never wrote stops waiting.
    func serverExited() {
        update { $0.hasExited = true }
    }

    /// Waits until a line containing `text` has come, or the server has exited, or `timeoutSeconds` passed;
    /// whether the line came. Blocks the calling thread.
    func waitForLine(containing text: String, timeoutSeconds: TimeInterval) -> Bool {
        wait(timeoutSeconds: timeoutSeconds) { state in
            if state.lines.contains(where: { $0.contains(text) }) { return true }
            return state.hasExited || state.isAtEnd ? false : nil
        }
    }

    /// Waits until every line the server wrote has been passed on, once it has exited. Blocks the calling
    /// thread.
    func waitForEnd() {
        _ = wait(timeoutSeconds: .infinity) { $0.isAtEnd ? true : nil }
    }

    /// Waits until `outcome` has a result; false after `timeoutSeconds`.
    private func wait(timeoutSeconds: TimeInterval, _ outcome: (State) -> Bool?) -> Bool {
        let deadline = timeoutSeconds.isFinite ? DispatchTime.now() + timeoutSeconds : DispatchTime.distantFuture
        while true {
            let semaphore = DispatchSemaphore(value: 0)
            let result = state.withLock { state in
                let result = outcome(state)
                if result == nil { state.waiters.append(semaphore) }
                return result
            }
            if let result { return result }
            guard semaphore.wait(timeout: deadline) == .success else { return false }
        }
    }

    /// Passes the complete lines in `data` on (and a last one without its LF at the end), then wakes the
    /// waiters.
    private func take(_ data: Data) {
        let lines = state.withLock { state in
            state.partialLine.append(contentsOf: data)
            var lines: [String] = []
            var start = state.partialLine.startIndex
            while let newline = state.partialLine[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: state.partialLine[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            state.partialLine.removeSubrange(..<start)
            if data.isEmpty && !state.partialLine.isEmpty {
                lines.append(String(decoding: state.partialLine, as: UTF8.self))
                state.partialLine = []
            }
            return lines
        }
        if let logFile {
            logFile.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        } else {
            ExpectedErrorOutput.forward(lines)
        }
        update { state in
            state.lines.append(contentsOf: lines)
            if data.isEmpty { state.isAtEnd = true }
        }
    }

    private func update(_ change: (inout State) -> Void) {
        let waiters = state.withLock { state in
            change(&state)
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.signal() }
    }
}
