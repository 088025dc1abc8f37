public import NIOCore
import NIOPosix

extension GavelConnection {
    /// A server address as the multi-address clients take it: `gavel --host a:7070,b:7071`.
    public typealias Endpoint = (host: String, port: Int)

    /// A connect attempt to one address of a pair gives up after this long: a standby does not listen,
    /// so a refusal comes at once, and a vanished machine should not hold up the next address.
    public static let failoverConnectTimeoutMs: Int64 = 2_000

    /// Connects to the first of `endpoints` that accepts and greets, trying them in order (a standby
    /// gaveld does not listen until it is the writer). Returns the connection and the index of the
    /// address it reached; throws the last address's error when none answers.
    public static func connect(
        toFirstOf endpoints: [Endpoint], startingAt first: Int = 0, tls: GavelTLS? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        connectTimeoutMs: Int64 = failoverConnectTimeoutMs
    ) async throws -> (connection: GavelConnection, index: Int) {
        precondition(!endpoints.isEmpty, "at least one address")
        var lastError: (any Error)?
        for offset in 0..<endpoints.count {
            let index = (first + offset) % endpoints.count
            do {
                let connection = try await connect(
                    host: endpoints[index].host, port: endpoints[index].port, tls: tls, group: group,
                    connectTimeoutMs: connectTimeoutMs)
                return (connection, index)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? GavelClientError.connectionClosed
    }
}
