import Foundation
import GavelClient
import GavelWire

/// `gavel [--host HOST:PORT] [--token T]` with no words: a `gavel> ` prompt, one command a line, events
/// (`* ...`) printed as they arrive. `help` sends `HELP`; `quit`, `exit` or end of input ends the session.
/// On a terminal lines are edited with libedit and kept in `~/.gavel/history` (`LineInput.standard`).
public struct InteractiveSession: Sendable {
    public static let prompt = "gavel> "
    /// Said after `ERR AUTH_REQUIRED`: in a session a token can still be given.
    public static let authHint =
        "gavel: this command needs a token: type AUTH <token>, or start gavel with --token or GAVEL_TOKEN"

    public let options: SessionOptions
    public let console: Console
    public let input: LineInput

    public init(options: SessionOptions, console: Console, input: LineInput) {
        self.options = options
        self.console = console
        self.input = input
    }

    /// `.ok` at `quit` or end of input, `.usage` when the connection could not open or was lost.
    public func run() async -> ExitStatus {
        let session: ServerSession
        switch await ServerSession.openReporting(options, console: console) {
        case .success(let opened): session = opened
        case .failure(let failure): return failure.status
        }
        let hello = session.connection.hello
        console.err("connected to \(options.address) (gaveld/\(hello.serverVersion)); quit or end of input ends")
        let input = input
        let events = Task {
            for await event in session.connection.events { input.showEvent(event.line) }
        }
        defer {
            events.cancel()
            input.finish()
        }
        let status = await loop(session)
        await session.close()
        return status
    }

    private func loop(_ session: ServerSession) async -> ExitStatus {
        while true {
            guard let typed = await input.readLine(Self.prompt) else { return .ok }
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
                let reply = try await session.run(command)
                if reply.errorCode == .authRequired { console.err(Self.authHint) }
            } catch {
                console.err("connection lost: \(error)")
                return .usage
            }
            if case .quit = command { return .ok }
        }
    }
}
