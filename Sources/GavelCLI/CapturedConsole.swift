import Synchronization

/// A `Console` whose lines are kept to be read back: for tests, and for a program that runs the CLI's
/// commands and wants their output as values.
public final class CapturedConsole: Sendable {
    private let lines = Mutex<(out: [String], err: [String])>(([], []))

    public init() {}

    public var console: Console {
        Console(
            out: { line in self.lines.withLock { $0.out.append(line) } },
            err: { line in self.lines.withLock { $0.err.append(line) } })
    }

    public var out: [String] { lines.withLock { $0.out } }
    public var err: [String] { lines.withLock { $0.err } }
}
