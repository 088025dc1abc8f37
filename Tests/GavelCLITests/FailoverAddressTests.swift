import GavelCLI
import GavelClient
import GavelWire
import Testing

/// `gavel --host a:7070,b:7071`: the addresses of a writer and its standby, tried in order.
@Suite("several server addresses")
struct FailoverAddressTests {
    @Test("--host takes one address or several, comma-separated; a bad one fails the whole option")
    func parsing() {
        #expect(SessionOptions.addresses(parsing: "127.0.0.1:7070") == [ServerAddress(host: "127.0.0.1", port: 7070)])
        #expect(
            SessionOptions.addresses(parsing: "a:7070,[::1]:7071")
                == [ServerAddress(host: "a", port: 7070), ServerAddress(host: "::1", port: 7071)])
        #expect(SessionOptions.addresses(parsing: "a:7070,") == nil)
        #expect(SessionOptions.addresses(parsing: "a:7070,b") == nil)
    }

    @Test("a first address that refuses (a standby does not listen) moves on to the next, AUTH and all")
    func refusedFirstAddress() async throws {
        try await TestServer.with { server in
            let token = try await server.roundAndBidder("fran")
            var options = server.options(token: token)
            options.address = ServerAddress(host: "127.0.0.1", port: 1)
            options.fallbackAddresses = [ServerAddress(host: "127.0.0.1", port: server.port)]
            let output = CapturedConsole()
            let status = await OneShot.run(
                words: ["BID", "@acme", "25000", "ref=fran-1"], options: options, console: output.console)
            #expect(status == .ok, "\(output.err)")
            #expect(output.out.first?.contains("ref=fran-1") == true, "\(output.out)")
        }
    }

    @Test("only commands that may safely go twice are repeated on the next address after a drop")
    func safeToRepeat() throws {
        let withRef = try Command(parsing: Array("BID @acme 25000 ref=r1".utf8))
        let withoutRef = try Command(parsing: Array("BID @acme 25000".utf8))
        let read = try Command(parsing: Array("ROUNDS".utf8))
        let close = try Command(parsing: Array("CLOSE 1".utf8))
        #expect(withRef.isSafeToRepeat)
        #expect(!withoutRef.isSafeToRepeat)
        #expect(read.isSafeToRepeat)
        #expect(!close.isSafeToRepeat)
    }
}
