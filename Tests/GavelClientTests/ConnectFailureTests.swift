import GavelClient
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("a failed connect, in words a user acts on")
struct ConnectFailureTests {
    @Test("each socket error names its cause and asks whether gaveld runs there")
    func socketErrors() {
        let cases: [(any Error, String)] = [
            (IOError(errnoCode: ECONNREFUSED, reason: "connect"), "(connection refused): is gaveld running there?"),
            (IOError(errnoCode: EHOSTUNREACH, reason: "connect"), "(host unreachable): is gaveld running there?"),
            (IOError(errnoCode: ENETUNREACH, reason: "connect"), "(network unreachable): is gaveld running there?"),
            (IOError(errnoCode: ETIMEDOUT, reason: "connect"), "(timed out): is gaveld running there?"),
            (ChannelError.connectTimeout(.seconds(10)), "(timed out): is gaveld running there?"),
            (GavelClientError.helloTimedOut, "(timed out): is gaveld running there?"),
        ]
        for (error, ending) in cases {
            #expect(
                ConnectFailure.message(address: "127.0.0.1:7070", error: error) == "cannot connect to 127.0.0.1:7070 "
                    + ending)
        }
    }

    @Test("a server that answers with ERR instead of a greeting is quoted, with no guess about gaveld")
    func refusedByServer() {
        let error = GavelClientError.refused(code: .tooManyConnections, message: "too many connections")
        #expect(
            ConnectFailure.message(address: "[::1]:7070", error: error)
                == "cannot connect to [::1]:7070: the server answered ERR TOO_MANY_CONNECTIONS too many connections")
    }

    @Test("a real connect to a loopback port nobody listens on is refused")
    func realRefusal() async throws {
        let port = try await Self.closedPort()
        let error = await #expect(throws: (any Error).self) {
            _ = try await GavelConnection.connect(host: "127.0.0.1", port: port)
        }
        #expect(error.map(ConnectFailure.init) == .refused)
    }

    /// A loopback port that was just free: bound, then closed.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 1
        try await channel.close()
        return port
    }
}
