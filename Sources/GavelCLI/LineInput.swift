import Foundation

/// Where an interactive session's lines come from and where its events go: a terminal with line editing
/// and history, plain standard input when it is not a terminal, or a test's script.
public struct LineInput: Sendable {
    /// Shows the prompt and returns the next line typed, `nil` at end of input.
    public let readLine: @Sendable (_ prompt: String) async -> String?
    /// Prints an event (`* ...`) as it arrives, without garbling a line being typed.
    public let showEvent: @Sendable (String) -> Void
    /// Called once when the session ends.
    public let finish: @Sendable () -> Void

    public init(
        readLine: @escaping @Sendable (_ prompt: String) async -> String?,
        showEvent: @escaping @Sendable (String) -> Void, finish: @escaping @Sendable () -> Void = {}
    ) {
        self.readLine = readLine
        self.showEvent = showEvent
        self.finish = finish
    }

    /// `~/.gavel/history`.
    public static var defaultHistoryFile: URL {
        SessionOptions.homeDirectory.appendingPathComponent(".gavel/history")
    }

    /// libedit on a terminal (history in `historyFile`), else the prompt and plain lines from standard input.
    public static func standard(console: Console, historyFile: URL = defaultHistoryFile) -> LineInput {
        if let editor = LineEditor(historyFile: historyFile) {
            return LineInput(
                readLine: { prompt in await editor.readLine(prompt: prompt) }, showEvent: editor.show,
                finish: editor.saveHistory)
        }
        return LineInput(
            readLine: { prompt in
                FileHandle.standardOutput.write(Data(prompt.utf8))
                return await withCheckedContinuation { continuation in
                    Thread { continuation.resume(returning: Swift.readLine()) }.start()
                }
            },
            showEvent: console.out)
    }
}
