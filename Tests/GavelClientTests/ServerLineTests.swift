import Testing

@testable import GavelClient

@Suite("Telling the server's lines apart")
struct ServerLineTests {
    @Test("each kind of line is told apart by its prefix")
    func classify() throws {
        #expect(try ServerLine(parsing: "OK") == .ok(ReplyFields("")))
        #expect(try ServerLine(parsing: "OK round=1 handle=acme") == .ok(ReplyFields("round=1 handle=acme")))
        #expect(try ServerLine(parsing: "= key=abc") == .row(ReplyFields("key=abc")))
        #expect(
            try ServerLine(parsing: "ERR SEALED round 1 has not closed")
                == .error(code: .sealed, message: "round 1 has not closed"))
        #expect(try ServerLine(parsing: "ERR MOVED") == .error(code: nil, message: ""))
        let bye = ServerEventLine(name: "BYE", fields: ReplyFields("reason=shutdown"))
        #expect(try ServerLine(parsing: "* BYE reason=shutdown") == .event(bye))
        for line in ["OKAY", "", "hello", "* ", "=x"] {
            #expect(throws: GavelClientError.protocolViolation(line: line)) { try ServerLine(parsing: line) }
        }
    }

    @Test("field lookup finds key=value words, not keys inside other words")
    func fieldLookup() {
        let fields = ReplyFields("v=1 seq=42 kind=bid ref=- replaces=7 pong")
        #expect(fields["seq"] == "42")
        #expect(fields["replaces"] == "7")
        #expect(fields["eq"] == nil)
        #expect(fields["pong"] == nil)
        #expect(fields.words.count == 6)
    }

    @Test("words split at space bytes, even before a combining mark")
    func wordsSplitAtSpaceBytes() {
        let fields = ReplyFields("reason=a \u{301}b=c pong")
        #expect(fields.words == ["reason=a", "\u{301}b=c", "pong"])
    }
}
