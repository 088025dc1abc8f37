import GavelCore
import Testing

@Suite("Handles, names and refs")
struct NameTests {
    @Test(
        "handles drop the @ and print lower-case", arguments: [("@AcMe", "acme"), ("acme_1", "acme_1"), ("123", "123")])
    func handles(text: String, name: String) throws {
        #expect(try Handle(parsing: text).name == name)
    }

    @Test("bad handles are BAD_HANDLE", arguments: ["", "@", "@@acme", "ac-me", "abcdefghijklmnop", "acmé", "a b"])
    func badHandles(text: String) {
        #expect(errorCode { _ = try Handle(parsing: text) } == .badHandle)
    }

    @Test("a 15-character handle is the longest")
    func longestHandle() throws {
        #expect(try Handle(parsing: "@abcdefghijklmno").name.count == 15)
    }

    @Test(
        "bidder names are 1-32 of a-z 0-9 _ -", arguments: ["acme-corp", "a", "x_9", String(repeating: "z", count: 32)])
    func names(text: String) throws {
        #expect(try BidderName(parsing: text).name == text)
    }

    @Test("bad names are SYNTAX", arguments: ["", "Acme", "acme corp", "acme.corp", String(repeating: "z", count: 33)])
    func badNames(text: String) {
        #expect(errorCode { _ = try BidderName(parsing: text) } == .syntax)
    }

    @Test("refs are 1-64 of A-Z a-z 0-9 _ -, but not - alone, which an entry writes for no ref")
    func refs() throws {
        #expect(try IdempotencyRef(parsing: "Retry-1_a").value == "Retry-1_a")
        #expect(try IdempotencyRef(parsing: "--").value == "--")
        #expect(errorCode { _ = try IdempotencyRef(parsing: "-") } == .syntax)
        #expect(try IdempotencyRef(parsing: String(repeating: "r", count: 64)).value.count == 64)
        #expect(errorCode { _ = try IdempotencyRef(parsing: String(repeating: "r", count: 65)) } == .syntax)
        #expect(errorCode { _ = try IdempotencyRef(parsing: "a=b") } == .syntax)
        #expect(errorCode { _ = try IdempotencyRef(parsing: "") } == .syntax)
    }

    @Test("round ids are decimal numbers", arguments: ["-1", "1a", "", "+3", "99999999999999999999x"])
    func badRoundIDs(text: String) {
        #expect(errorCode { _ = try RoundID(parsing: text) } == .syntax)
    }

    @Test(
        "zero and a number too long for any round are NOT_FOUND, however long",
        arguments: [
            "0", "000", "9999999999999999999", "1234567890123456789012345678901234567890", "0000000000000000000007",
        ])
    func roundIDsNoRoundHas(text: String) throws {
        if text.hasSuffix("7") {
            #expect(try RoundID(parsing: text) == RoundID(7), "leading zeros do not make a number long")
        } else {
            #expect(errorCode { _ = try RoundID(parsing: text) } == .notFound)
        }
    }

    @Test("durations in s, m, h and d")
    func durations() throws {
        #expect(try DurationText.parseMilliseconds("90s") == 90_000)
        #expect(try DurationText.parseMilliseconds("5m") == 300_000)
        #expect(try DurationText.parseMilliseconds("2h") == 7_200_000)
        #expect(try DurationText.parseMilliseconds("3d") == 259_200_000)
        for bad in ["", "s", "0s", "5", "5w", "-5m", "1.5h", "3651d", "99999999999999999d"] {
            #expect(errorCode { _ = try DurationText.parseMilliseconds(bad) } == .syntax, "\(bad)")
        }
    }
}
