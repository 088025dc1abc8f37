import Foundation
import GavelClient
import GavelWire

/// `gavel [--host HOST:PORT] [--token T]` with no words: a `gavel> ` prompt, one command a line, events
/// (`* ...`) printed as they arrive. `help` sends `HELP`; `quit`, `exit` or end of input ends the session.
/// Lines are read with plain `readLine()`: no line editing or history.
public struct InteractiveSession: Sendable {
    public static let prompt = "gavel> "

    public let options: SessionOptions
    public let console: Console
    /// Writes the prompt without a line feed.
    public let writePrompt: @Sendable (String) -> Void
    /// The next line typed, `nil` at end of input.
    public let readLine: @Sendable () async -> String?

    public init(
        options: SessionOptions, console: Console,
        writePrompt: @escaping @Sendable (String) -> Void = InteractiveSession.standardPrompt,
        readLine: @escaping @Sendable () async -> String? = InteractiveSession.standardInputLine
    ) {
        self.options = options
        self.console = console
        self.writePrompt = writePrompt
        self.readLine = readLine
    }

    /// `.ok` at `quit` or end of input, `.usage` when the connection could not open or was lost.
    public func run() async -> ExitStatus {
        let session: ServerSession
        do throws(ServerSession.Failure) {
            session = try await ServerSession.open(options, console: console)
        } catch {
            console.err(error.message)
            return error.status
        }
        let hello = session.connection.hello
        console.err("connected to \(options.address) (gaveld/\(hello.serverVersion)); quit or end of input ends")
        let console = console
        let events = Task {
            for await event in session.connection.events { console.out(event.line) }
        }
        defer { events.cancel() }
        let status = await loop(session)
        await session.close()
        return status
    }

    private func loop(_ session: ServerSession) async -> ExitStatus {
        while true {
            writePrompt(Self.prompt)
            guard let typed = await readLine() else { return .ok }
            let line = typed.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if ["quit", "exit"].contains(line.lowercased()) { return .ok }
            let command: Command
            switch OneShot.parse(line) {
            case .success(let parsed): command = parsed
            case .failure(let error):
                console.err("ERR \(error.code.rawValue) \(error.message)")
                continue
            }
            do {
                _ = try await session.run(command)
            } catch {
                console.err("connection lost: \(error)")
                return .usage
            }
            if case .quit = command { return .ok }
        }
    }

    /// Standard output, flushed so the prompt shows before the input is read.
    public static let standardPrompt: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One line of standard input, read on a thread of its own so the event printer keeps running.
    public static let standardInputLine: @Sendable () async -> String? = {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Swift.readLine()) }.start()
        }
    }
}
