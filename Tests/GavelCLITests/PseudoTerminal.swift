import Foundation
import GavelTestSupport

/// A program run on a pseudo-terminal, as if typed at: the test writes keystrokes to the terminal's
/// master side and reads back everything the program drew, escape sequences included.
///
/// `@unchecked Sendable`: the transcript is guarded by its lock; the rest are constants.
final class PseudoTerminal: @unchecked Sendable {
    /// How long to wait for expected output before the test fails.
    static let waitLimitSeconds: TimeInterval = 30

    /// Linux's `TIOCSPTLCK` and `TIOCGPTN` (`_IOW('T', 0x31, int)`, `_IOR('T', 0x30, unsigned int)`).
    private static let setLock: UInt = 0x4004_5431
    private static let getNumber: UInt = 0x8004_5430

    private let master: Int32
    private let process = Process()
    private let lock = NSLock()
    private var received: [UInt8] = []

    init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        // Swift's Glibc module leaves out posix_openpt, grantpt, unlockpt and ptsname (X/Open extensions),
        // so this does what they do on Linux: open the multiplexer, unlock the new terminal, ask its number.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, Self.setLock, &unlock) == 0, ioctl(master, Self.getNumber, &number) == 0
        else {
            throw TestFailure("no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw TestFailure("cannot open /dev/pts/\(number)") }
        var size = winsize(ws_row: 24, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
        _ = withUnsafeMutablePointer(to: &size) { ioctl(terminal, UInt(TIOCSWINSZ), $0) }
        let handle = FileHandle(fileDescriptor: terminal, closeOnDealloc: true)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(master)
    }

    /// Types `text` (`\r` is Enter, `\u{1B}[A` the up arrow, `\u{4}` Ctrl-D).
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Everything drawn so far, with escape sequences and carriage returns removed.
    var screenText: String {
        let bytes = lock.withLock { received }
        return Self.plain(String(decoding: bytes, as: UTF8.self))
    }

    /// Reads until `predicate` holds for the plain text drawn so far, or the wait limit passes.
    func waitUntil(_ predicate: @escaping @Sendable (String) -> Bool) async -> Bool {
        await (try? DedicatedThread.run { self.readUntil(predicate) }) ?? false
    }

    /// Waits for the program to exit (after end of input), killing it at the wait limit; its exit status.
    func waitForExit() async -> Int32? {
        await (try? DedicatedThread.run { self.exitStatus() }) ?? nil
    }

    private func exitStatus() -> Int32? {
        let deadline = Date().addingTimeInterval(Self.waitLimitSeconds)
        while process.isRunning, Date() < deadline { _ = readAvailable(timeoutMs: 50) }
        guard !process.isRunning else { return nil }
        return process.terminationStatus
    }

    private func readUntil(_ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(Self.waitLimitSeconds)
        while Date() < deadline {
            if predicate(screenText) { return true }
            _ = readAvailable(timeoutMs: 50)
        }
        return predicate(screenText)
    }

    private func readAvailable(timeoutMs: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, timeoutMs) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        lock.withLock { received += buffer[..<count] }
        return true
    }

    /// Drops CSI sequences (`ESC [ ... letter`), other two-byte escapes, carriage returns and bells.
    static func plain(_ text: String) -> String {
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar {
            case "\u{1B}":
                guard let next = iterator.next(), next == "[" else { continue }
                while let byte = iterator.next(), !("@"..."~").contains(byte) {}
            case "\r", "\u{7}": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
