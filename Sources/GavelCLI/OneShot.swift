import GavelClient
import GavelCore
import GavelWire

/// `gavel [--host HOST:PORT] [--token T] WORD...`: one command, its reply, and an exit status.
public enum OneShot {
    /// Said after `ERR AUTH_REQUIRED`, whose message cannot know how this client takes a token.
    public static let authHint = "gavel: this command needs a token: give --token <token> or set GAVEL_TOKEN"

    /// Joins `words` into one protocol line, parses it, sends it and prints the reply.
    /// `.ok` for `OK`, `.serverError` for `ERR`, `.usage` for a bad line or a connection that failed.
    public static func run(words: [String], options: SessionOptions, console: Console) async -> ExitStatus {
        let command: Command
        switch parse(words.joined(separator: " ")) {
        case .success(let parsed): command = parsed
        case .failure(let error):
            console.err("ERR \(error.code.rawValue) \(error.message)")
            return .usage
        }
        let session: ServerSession
        switch await ServerSession.openReporting(options, console: console) {
        case .success(let opened): session = opened
        case .failure(let failure): return failure.status
        }
        do {
            let reply = try await session.run(command)
            await session.close()
            if reply.errorCode == .authRequired { console.err(authHint) }
            return reply.isOK ? .ok : .serverError
        } catch {
            await session.close()
            guard !options.fallbackAddresses.isEmpty, command.isSafeToRepeat else {
                console.err("no reply from \(options.address): \(error)")
                return .usage
            }
            return await again(command, options: options, console: console, after: error)
        }
    }

    /// The connection dropped before the reply: with several addresses, once more on the first that
    /// answers (a standby that took over), which is safe for a bid with a ref: its receipt comes back once.
    private static func again(
        _ command: Command, options: SessionOptions, console: Console, after error: any Error
    ) async -> ExitStatus {
        console.err("no reply (\(error)); trying the addresses again")
        let session: ServerSession
        switch await ServerSession.openReporting(options, console: console) {
        case .success(let opened): session = opened
        case .failure(let failure): return failure.status
        }
        do {
            let reply = try await session.run(command)
            await session.close()
            return reply.isOK ? .ok : .serverError
        } catch {
            await session.close()
            console.err("no reply from \(options.addresses.map(\.description).joined(separator: ", ")): \(error)")
            return .usage
        }
    }

    /// Parses one line the way the server would, so a mistyped command never leaves the machine.
    public static func parse(_ line: String) -> Result<Command, GavelError> {
        do throws(GavelError) {
            return .success(try Command(parsing: Array(line.utf8)))
        } catch {
            return .failure(error)
        }
    }
}
