public import GavelWire
public import NIOCore
import NIOPosix

/// A session with a service that has several addresses (a writer gaveld and its standby): connects to
/// the first that answers, sends `AUTH` on every new connection, and when the connection drops before a
/// reply, sends the command again on the first address that answers, if that is safe
/// (`Command.isSafeToRepeat`: a bid with a ref gets its one receipt). One command at a time.
public actor GavelFailoverClient {
    /// How long a dropped command keeps trying the addresses before the error is thrown.
    public static let defaultFailoverTimeoutMs: Int64 = 15_000
    static let retryDelayMs: Int64 = 200

    public let endpoints: [GavelConnection.Endpoint]
    private let token: String?
    private let tls: GavelTLS?
    private let group: any EventLoopGroup
    private let failoverTimeoutMs: Int64
    private var connection: GavelConnection?
    /// Connections made after the first, and how many of them reached another address than before.
    public private(set) var reconnects = 0
    public private(set) var failovers = 0
    private var endpointIndex: Int?

    public init(
        endpoints: [GavelConnection.Endpoint], token: String?, tls: GavelTLS? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        failoverTimeoutMs: Int64 = defaultFailoverTimeoutMs
    ) {
        precondition(!endpoints.isEmpty, "at least one address")
        self.endpoints = endpoints
        self.token = token
        self.tls = tls
        self.group = group
        self.failoverTimeoutMs = failoverTimeoutMs
    }

    /// The reply to `command`; throws when no address answers, `AUTH` is refused, or the connection
    /// dropped and the command may not be sent twice.
    public func send(_ command: Command) async throws -> ServerReply {
        let deadline = NIODeadline.now() + .milliseconds(failoverTimeoutMs)
        while true {
            do {
                return try await connected().send(command)
            } catch let error as GavelFailoverClientError {
                throw error
            } catch {
                await dropConnection()
                guard command.isSafeToRepeat, NIODeadline.now() < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(Self.retryDelayMs))
            }
        }
    }

    public func close() async {
        await dropConnection()
    }

    private func connected() async throws -> GavelConnection {
        if let connection { return connection }
        let (connection, index) = try await GavelConnection.connect(toFirstOf: endpoints, tls: tls, group: group)
        if let token {
            let reply = try await connection.send(.auth(token: token))
            guard reply.isOK else {
                await connection.close()
                throw GavelFailoverClientError.authRefused(reply.line)
            }
        }
        if let previous = endpointIndex {
            reconnects += 1
            if previous != index { failovers += 1 }
        }
        endpointIndex = index
        self.connection = connection
        return connection
    }

    private func dropConnection() async {
        await connection?.close()
        connection = nil
    }
}
