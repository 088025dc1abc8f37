import Foundation

/// Where the standard error of a server a fault test breaks on purpose goes when the test keeps no log of
/// it: each line goes on to the test run's standard error marked as expected, so the `error` lines of a
/// killed PostgreSQL or a commit in doubt do not read like failures of the run.
enum ExpectedErrorOutput {
    static let marker = "[expected, from a server this test breaks] "
    /// The levels a server logs at when nothing is wrong; their lines are not passed on.
    static let quietLevels: Set<Substring> = ["trace", "debug", "info", "notice"]

    /// Writes `lines` marked, but for log lines at a quiet level (`<time> <level> <label>: ...`).
    static func forward(_ lines: [String]) {
        let shown = lines.filter { line in
            let words = line.split(separator: " ", maxSplits: 2)
            return words.count < 2 || !quietLevels.contains(words[1])
        }
        guard !shown.isEmpty else { return }
        FileHandle.standardError.write(Data(shown.map { marker + $0 + "\n" }.joined().utf8))
    }
}
