import GavelClient
import GavelWire

/// A connection ready for commands: connected, `AUTH` sent when there is a token, receipts saved as they come.
public struct ServerSession: Sendable {
    public let connection: GavelConnection
    public let store: ReceiptStore
    public let printer: ReplyPrinter

    /// Why a session could not start, with the exit status it gives.
    public struct Failure: Error, Sendable {
        public let status: ExitStatus
        public let message: String
    }

    /// `open`, with a failure already printed on standard error.
    static func openReporting(_ options: SessionOptions, console: Console) async -> Result<ServerSession, Failure> {
        do throws(Failure) {
            return .success(try await open(options, console: console))
        } catch {
            console.err(error.message)
            return .failure(error)
        }
    }

    /// Connects to `options.address` (or, with fallbacks, the first of them that answers) and sends
    /// `AUTH` first when a token is given.
    public static func open(_ options: SessionOptions, console: Console) async throws(Failure) -> ServerSession {
        let connection: GavelConnection
        do {
            if options.fallbackAddresses.isEmpty {
                connection = try await GavelConnection.connect(
                    host: options.address.host, port: options.address.port, tls: options.tls)
            } else {
                connection = try await GavelConnection.connect(
                    toFirstOf: options.addresses.map { (host: $0.host, port: $0.port) }, tls: options.tls
                ).connection
            }
        } catch {
            let addresses = options.addresses.map(\.description).joined(separator: ", ")
            throw Failure(status: .usage, message: "gavel: " + ConnectFailure.message(address: addresses, error: error))
        }
        let session = ServerSession(
            connection: connection,
            store: ReceiptStore(directory: options.receiptsDirectory, serverKey: connection.hello.publicKey),
            printer: ReplyPrinter(console: console, json: options.json))
        if let token = options.token {
            let reply: ServerReply
            do {
                reply = try await connection.send(.auth(token: token))
            } catch {
                await connection.close()
                throw Failure(status: .usage, message: "AUTH got no reply: \(error)")
            }
            guard reply.isOK else {
                await connection.close()
                throw Failure(status: .serverError, message: "AUTH: \(reply.line)")
            }
        }
        return session
    }

    /// Sends one command, prints its reply, saves its receipt; throws when no reply can come.
    public func run(_ command: Command) async throws -> ServerReply {
        let reply = try await connection.send(command)
        printer.print(reply)
        store.save(reply, console: printer.console)
        return reply
    }

    public func close() async {
        await connection.close()
    }
}
