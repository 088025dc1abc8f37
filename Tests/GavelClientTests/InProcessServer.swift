import GavelClient
import GavelCore
import GavelCrypto
import GavelEntry
import GavelServer
import GavelServerConfiguration
import GavelWire
import Logging

/// A GavelServer on a free loopback port over an in-memory ledger, with an admin connection ready.
struct InProcessServer {
    static let adminToken = "client-tests-admin-token"

    let server: GavelServer
    let port: Int
    let key: Ed25519PrivateKey

    static func start(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> InProcessServer {
        var configuration = ServerConfiguration()
        configuration.port = 0
        // These tests are not about the AUTH deadline (SessionHandlerTests prove it on a fake clock); on a
        // machine busy with the whole suite a connection may wait longer than the default 10 s for its turn.
        configuration.authTimeoutMs = 300_000
        configure(&configuration)
        let key = try Ed25519PrivateKey.generate()
        var logger = Logger(label: "gavel.client-tests")
        logger.logLevel = .warning
        let server = GavelServer(
            configuration: configuration, ledger: InMemoryLedger(), receiptKey: key,
            adminTokenSHA256: SHA256.hexDigest(Array(adminToken.utf8)), logger: logger)
        return InProcessServer(server: server, port: try await server.start(), key: key)
    }

    func stop() async {
        await server.shutdown()
    }

    func connect() async throws -> GavelConnection {
        try await GavelConnection.connect(host: "127.0.0.1", port: port)
    }

    /// A connection authenticated with the bootstrap auctioneer token.
    func admin() async throws -> GavelConnection {
        let connection = try await connect()
        let reply = try await connection.send(.auth(token: Self.adminToken))
        guard reply.fields?["role"] == "auctioneer" else { throw TestFailure("admin AUTH: \(reply.line)") }
        return connection
    }

    /// Adds a verified bidder through `admin` and returns a connection authenticated as it.
    func bidder(_ name: String, via admin: GavelConnection) async throws -> GavelConnection {
        let added = try await admin.send(.bidderAdd(try BidderName(parsing: name), verified: true, role: .bidder))
        guard let token = added.fields?["token"] else { throw TestFailure("BIDDER ADD: \(added.line)") }
        let connection = try await connect()
        let reply = try await connection.send(.auth(token: token))
        guard reply.isOK else { throw TestFailure("AUTH: \(reply.line)") }
        return connection
    }
}
