import GavelClient
import GavelCore
import GavelWire
import Testing

@Suite("GavelFailoverClient: one session over several addresses")
struct GavelFailoverClientTests {
    @Test("a refused first address is skipped; AUTH is sent on the connection that answers")
    func skipsRefusedAddress() async throws {
        let server = try await InProcessServer.start()
        let client = GavelFailoverClient(
            endpoints: [(host: "127.0.0.1", port: 1), (host: "127.0.0.1", port: server.port)],
            token: InProcessServer.adminToken)
        let reply = try await client.send(.rounds(.all))
        #expect(reply.isOK, "\(reply.line)")
        #expect(await client.reconnects == 0)
        await client.close()
        await server.stop()
    }

    @Test("when its server goes away, a read goes again to the other address, AUTH again; a CLOSE does not")
    func failsOverAfterDrop() async throws {
        let first = try await InProcessServer.start()
        let second = try await InProcessServer.start()
        let client = GavelFailoverClient(
            endpoints: [(host: "127.0.0.1", port: first.port), (host: "127.0.0.1", port: second.port)],
            token: InProcessServer.adminToken, failoverTimeoutMs: 10_000)
        #expect(try await client.send(.rounds(.all)).isOK)
        await first.stop()
        let reply = try await client.send(.rounds(.all))
        #expect(reply.isOK, "\(reply.line)")
        #expect(await client.reconnects == 1)
        #expect(await client.failovers == 1)
        #expect(!Command.close(RoundID(1)).isSafeToRepeat)
        await client.close()
        await second.stop()
    }
}
