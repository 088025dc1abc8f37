import GavelClient
import GavelWire
import Testing

@testable import GavelLoad

@Suite("Admin commands paced under the server's rate limit")
struct PacedSenderTests {
    @Test("commands answered RATE_LIMITED are sent again until each gets its real reply")
    func retriesRateLimited() async throws {
        let server = try await InProcessServer.start {
            $0.maxCommandsPerSecond = 300
            // The connection never authenticates; on a loaded machine the run may outlast the default 10 s.
            $0.authTimeoutMs = 600_000
        }
        let connection = try await server.connect()
        var sender = PacedSender(connection: connection)
        sender.commandsPerSecond = 1_000
        var answered = Array(repeating: 0, count: 900)
        let limited = try await sender.send(Array(repeating: Command.ping, count: 900)) { index, reply in
            #expect(reply.line == "OK pong")
            answered[index] += 1
        }
        #expect(limited.isEmpty)
        #expect(answered.allSatisfy { $0 == 1 })
        await server.stop()
    }
}
