import GavelCore
import Testing

@Suite("Error codes")
struct GavelErrorTests {
    static let oneOfEach: [GavelError] = [
        .syntax("x"), .unknownCommand("FOO"), .lineTooLong(maximumBytes: 4096), .authRequired, .authFailed,
        .forbidden("x"), .notFound("x"), .badHandle("x"), .badAmount(.sign), .belowReserve(.zero),
        .roundNotOpen(RoundID(1), .scheduled), .roundClosed(RoundID(1)), .conflict("x"), .sealed(RoundID(1)),
        .notVerified(try! BidderName(parsing: "a")), .rateLimited("x"), .tooManyConnections(limit: 1),
        .unavailable("x"), .internal("x"),
    ]

    @Test("every protocol code has exactly one kind of failure, and the codes print as PROTOCOL.md spells them")
    func codes() {
        #expect(Set(Self.oneOfEach.map(\.code)) == Set(ErrorCode.allCases))
        #expect(Self.oneOfEach.count == ErrorCode.allCases.count)
        #expect(ErrorCode.allCases.map(\.rawValue).allSatisfy { $0.allSatisfy { $0.isUppercase || $0 == "_" } })
        #expect(GavelError.roundNotOpen(RoundID(3), .cancelled).message == "round 3 is cancelled")
    }

    @Test("messages are one line")
    func oneLine() {
        for error in Self.oneOfEach {
            #expect(!error.message.contains("\n"))
            #expect(!error.message.isEmpty)
        }
    }
}
