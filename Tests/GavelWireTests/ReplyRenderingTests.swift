import GavelCore
import GavelWire
import Testing

@Suite struct ReplyRenderingTests {
    @Test func okWithoutFieldsHasNoTrailingSpace() {
        #expect(text(Reply.ok()) == "OK\n")
    }

    @Test func okJoinsFieldsWithSingleSpaces() {
        let reply = Reply.ok(["round": round(7), "handle": handle("@Acme"), "price": dollars(25_000)])
        #expect(text(reply) == "OK round=7 handle=acme price=25000.00\n")
    }

    @Test func rowsComeBeforeTheOKLine() {
        let reply = Reply.success(rows: [["seq": 3], ["seq": 5]], fields: ["count": 2])
        #expect(text(reply) == "= seq=3\n= seq=5\nOK count=2\n")
    }

    @Test func listingCountsItsRows() {
        #expect(text(Reply.listing([["a": 1], ["a": 2], ["a": 3]])) == "= a=1\n= a=2\n= a=3\nOK count=3\n")
        #expect(text(Reply.listing([])) == "OK count=0\n")
    }

    @Test func renderAppendsToTheBuffer() {
        var buffer = Array("* HELLO x\n".utf8)
        Reply.ok(["a": 1]).render(into: &buffer)
        Reply.failure(.authRequired).render(into: &buffer)
        #expect(text(buffer) == "* HELLO x\nOK a=1\nERR AUTH_REQUIRED authenticate with AUTH <token> first\n")
    }

    /// One error of each code, with the exact line it renders as.
    static let errorLines: [(GavelError, String)] = [
        (.syntax("empty line"), "ERR SYNTAX empty line"),
        (.unknownCommand("FROB"), "ERR UNKNOWN_COMMAND unknown command FROB"),
        (.lineTooLong(maximumBytes: 4096), "ERR LINE_TOO_LONG line longer than 4096 bytes"),
        (.authRequired, "ERR AUTH_REQUIRED authenticate with AUTH <token> first"),
        (.authFailed, "ERR AUTH_FAILED bad token"),
        (.forbidden("OPEN is for auctioneers"), "ERR FORBIDDEN OPEN is for auctioneers"),
        (.notFound("no round 9"), "ERR NOT_FOUND no round 9"),
        (.badHandle("handle must be 1 to 15 characters"), "ERR BAD_HANDLE handle must be 1 to 15 characters"),
        (.badAmount(.tooManyDecimals), "ERR BAD_AMOUNT amount has more than two decimals"),
        (.belowReserve(Money(dollars: 10_000)), "ERR BELOW_RESERVE bid is below the reserve of 10000.00"),
        (.roundNotOpen(RoundID(7), .scheduled), "ERR ROUND_NOT_OPEN round 7 is scheduled"),
        (.roundClosed(RoundID(7)), "ERR ROUND_CLOSED round 7 is closed"),
        (.conflict("bidder acme exists"), "ERR CONFLICT bidder acme exists"),
        (.sealed(RoundID(7)), "ERR SEALED round 7 has not closed; its bids are sealed"),
        (.notVerified(name("acme-corp")), "ERR NOT_VERIFIED bidder acme-corp is not verified"),
        (.rateLimited("too many commands; try later"), "ERR RATE_LIMITED too many commands; try later"),
        (.tooManyConnections(limit: 1000), "ERR TOO_MANY_CONNECTIONS connection limit of 1000 reached"),
        (.unavailable("the ledger could not commit; retry"), "ERR UNAVAILABLE the ledger could not commit; retry"),
        (.internal("ledger broken at seq=5"), "ERR INTERNAL ledger broken at seq=5"),
    ]

    @Test func everyErrorCodeIsCovered() {
        #expect(Set(Self.errorLines.map(\.0.code)) == Set(ErrorCode.allCases))
    }

    @Test(arguments: errorLines)
    func errorRendersAsOneErrLine(error: GavelError, line: String) {
        #expect(text(Reply.failure(error)) == line + "\n")
    }

    @Test func errorMessageStaysOnOneLine() {
        let reply = Reply.failure(.unknownCommand("FROB\rX\nY"))
        #expect(text(reply) == "ERR UNKNOWN_COMMAND unknown command FROB X Y\n")
    }

    @Test func errorMessageEchoesNoControlBytes() {
        let reply = Reply.failure(.unknownCommand("A\u{1B}[2JB\u{07}C\u{7F}D\tE\u{0}F"))
        #expect(text(reply) == "ERR UNKNOWN_COMMAND unknown command A [2JB C D E F\n")
    }

    @Test func emptyErrorMessageHasNoTrailingSpace() {
        #expect(text(Reply.failure(.syntax(""))) == "ERR SYNTAX\n")
    }

    @Test func fieldsAppendInOrder() {
        var fields = Fields()
        #expect(fields.isEmpty)
        fields.append("b", 2)
        fields.append("a", "x")
        fields.append(contentsOf: ["c": round(3)])
        fields.append(contentsOf: Fields())
        #expect(fields.description == "b=2 a=x c=3")
    }

    @Test func verbatimTextIsKeptAsItIs() {
        #expect(Fields(verbatim: "v=1 seq=1").description == "v=1 seq=1")
    }

    @Test func valueWithASpaceIsAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            var fields = Fields()
            fields.append("reason", "two words")
        }
    }
}
