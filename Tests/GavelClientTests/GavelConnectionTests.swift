import GavelClient
import GavelCore
import GavelEntry
import GavelWire
import NIOCore
import Testing

@Suite("GavelConnection against an in-process server")
struct GavelConnectionTests {
    @Test("connect reads HELLO: protocol, server version and the receipt key")
    func hello() async throws {
        let server = try await InProcessServer.start()
        let connection = try await server.connect()
        #expect(connection.hello.protocolVersion == 1)
        #expect(connection.hello.serverVersion == "0.1.0")
        #expect(connection.hello.publicKey == server.key.publicKey)
        #expect(connection.hello.publicKeyBase64 == server.key.publicKey.base64SPKI)
        await connection.close()
        await server.stop()
    }

    @Test("replies are typed: OK with fields, ERR with its code, listings with their rows")
    func typedReplies() async throws {
        let server = try await InProcessServer.start()
        let connection = try await server.connect()
        let pong = try await connection.send(.ping)
        #expect(pong == .ok(ReplyFields("pong"), rows: []))
        #expect(pong.line == "OK pong")
        let refused = try await connection.send(.auth(token: "wrong"))
        #expect(refused.errorCode == .authFailed)
        #expect(refused.line == "ERR AUTH_FAILED bad token")
        let unknown = try await connection.submit(line: "FROB now").get()
        #expect(unknown.errorCode == .unknownCommand)
        let help = try await connection.send(.help)
        #expect(help.fields?["count"] == String(help.rows.count))
        #expect(help.rows.contains { $0.text.hasPrefix("AUTH ") })
        await connection.close()
        await server.stop()
    }

    @Test("a pipelined burst of 500 commands returns in order")
    func pipelinedBurst() async throws {
        let server = try await InProcessServer.start()
        let admin = try await server.admin()
        let acme = try await server.bidder("acme", via: admin)
        let opened = try await admin.send(.open(Self.oneHourRound("acme")))
        let round = try RoundID(parsing: try #require(opened.fields?["round"]))
        let commands = try (0..<500).map { index in
            Command.bid(
                .id(round), amount: Money(dollars: Int64(10_000 + index)), ref: try IdempotencyRef(parsing: "p\(index)")
            )
        }
        let replies = try await acme.submit(commands).asyncMap { try await $0.get() }
        #expect(replies.count == 500)
        var previousSeq: Int64 = 0
        for (index, reply) in replies.enumerated() {
            let receipt = try Receipt(reply)
            #expect(receipt.fields["ref"] == "p\(index)")
            #expect(receipt.fields["amount"] == "\(10_000 + index).00")
            #expect(receipt.seq > previousSeq)
            previousSeq = receipt.seq
        }
        await server.stop()
    }

    @Test("a long sequence sent with a small window in flight gets every reply, in order")
    func windowed() async throws {
        let server = try await InProcessServer.start()
        let admin = try await server.admin()
        let acme = try await server.bidder("acme", via: admin)
        _ = try await admin.send(.open(Self.oneHourRound("acme")))
        let commands = (0..<1000).map { index in
            Command.bid(.id(RoundID(1)), amount: Money(dollars: Int64(10_000 + index)), ref: nil)
        }
        var amounts: [String] = []
        try await acme.send(commands, window: 10) { index, reply in
            #expect(amounts.count == index)
            amounts.append(reply.fields?["amount"] ?? reply.line)
        }
        #expect(amounts == (0..<1000).map { "\(10_000 + $0).00" })
        await server.stop()
    }

    @Test("events arrive on the event stream, never as a reply")
    func events() async throws {
        let server = try await InProcessServer.start()
        let admin = try await server.admin()
        #expect(try await admin.send(.watch(.all)).fields?["watching"] == "all")
        var events = admin.events.makeAsyncIterator()
        let opened = try await admin.send(.open(Self.oneHourRound("acme")))
        #expect(opened.fields?["handle"] == "acme")
        #expect(try await admin.send(.ping).line == "OK pong")
        let event = try #require(await events.next())
        #expect(event.name == "OPENED")
        #expect(event.fields["round"] == opened.fields?["round"])
        #expect(event.fields["handle"] == "acme")
        #expect(event.line.hasPrefix("* OPENED round="))
        await server.stop()
    }

    @Test("commands still waiting when the server closes fail with connectionClosed, as do later ones")
    func closedConnection() async throws {
        let server = try await InProcessServer.start()
        let connection = try await server.connect()
        let futures = connection.submit([.quit, .ping, .ping])
        #expect(try await futures[0].get().line == "OK bye")
        for future in futures.dropFirst() {
            await #expect(throws: GavelClientError.connectionClosed) { try await future.get() }
        }
        try await connection.closeFuture.get()
        await #expect(throws: GavelClientError.connectionClosed) { try await connection.send(.ping) }
        await server.stop()
    }

    @Test("a connection over the server's limit is refused with its ERR after the HELLO")
    func refusedConnection() async throws {
        let server = try await InProcessServer.start { $0.maxConnections = 1 }
        let first = try await server.connect()
        await #expect(
            throws: GavelClientError.refused(code: .tooManyConnections, message: "connection limit of 1 reached")
        ) {
            _ = try await server.connect()
        }
        await first.close()
        await server.stop()
    }

    static func oneHourRound(_ handle: String) throws -> OpenRequest {
        OpenRequest(
            handle: try Handle(parsing: handle), reserve: Money(dollars: 10_000),
            closing: .after(milliseconds: 3_600_000))
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
