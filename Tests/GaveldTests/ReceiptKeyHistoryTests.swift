import GavelCore
import GavelCrypto
import GavelWire
import Testing

@testable import GaveldConfiguration

@Suite("receipt key history file format")
struct ReceiptKeyHistoryTests {
    @Test("lines round-trip: key=<base64 SPKI> from=<t> until=<t>, oldest first")
    func roundTrip() throws {
        let first = try Self.key()
        let second = try Self.key()
        let text =
            "key=\(first) from=2026-01-01T00:00:00.000Z until=2026-06-01T12:30:00.250Z\n"
            + "key=\(second) from=2026-06-01T12:30:00.250Z until=2026-11-01T00:00:00.000Z\n"
        let history = try ReceiptKeyHistory(parsing: text)
        #expect(
            history.retired == [
                RetiredKey(
                    keyBase64: first, from: Self.time("2026-01-01T00:00:00Z"),
                    until: Self.time("2026-06-01T12:30:00.25Z")),
                RetiredKey(
                    keyBase64: second, from: Self.time("2026-06-01T12:30:00.25Z"),
                    until: Self.time("2026-11-01T00:00:00Z")),
            ])
        #expect(history.text == text)
        #expect(history.contains(keyBase64: second))
        #expect(try ReceiptKeyHistory(parsing: "") == ReceiptKeyHistory())
        #expect(ReceiptKeyHistory().text == "")
    }

    @Test("retire appends a key that starts no earlier than the last one ended")
    func retire() throws {
        var history = ReceiptKeyHistory()
        let first = RetiredKey(
            keyBase64: try Self.key(), from: Self.time("2026-01-01T00:00:00Z"), until: Self.time("2026-02-01T00:00:00Z")
        )
        try history.retire(first)
        #expect(throws: ReceiptKeyHistoryError(line: 2, reason: "the key is listed twice")) {
            try history.retire(
                RetiredKey(keyBase64: first.keyBase64, from: first.until, until: Self.time("2026-03-01T00:00:00Z")))
        }
        #expect(throws: ReceiptKeyHistoryError(line: 2, reason: "from is before the previous key's until")) {
            try history.retire(
                RetiredKey(keyBase64: try Self.key(), from: first.from, until: Self.time("2026-03-01T00:00:00Z")))
        }
        #expect(history.retired == [first])
        #expect(try ReceiptKeyHistory(parsing: history.text) == history)
    }

    @Test(
        "damaged lines are refused with their line number",
        arguments: [
            ("key=MCowBQYDK2VwAyEA from=2026-01-01T00:00:00.000Z until=2026-02-01T00:00:00.000Z\n", "key is not"),
            ("key=K from=2026-01-01T00:00:00.000Z\n", "expected key="),
            ("from=2026-01-01T00:00:00.000Z key=K until=2026-02-01T00:00:00.000Z\n", "expected key="),
            ("key=K from=2026-01-01T00:00:00Z until=2026-02-01T00:00:00.000Z\n", "is not a UTC time"),
            ("key=K from=2026-01-01T01:00:00.000+01:00 until=2026-02-01T00:00:00.000Z\n", "is not a UTC time"),
            ("key=K from=2026-02-01T00:00:00.000Z until=2026-01-01T00:00:00.000Z\n", "from is after until"),
            ("\nkey=K from=2026-01-01T00:00:00.000Z until=2026-02-01T00:00:00.000Z\n", "expected key="),
            ("key=K  from=2026-01-01T00:00:00.000Z until=2026-02-01T00:00:00.000Z\n", "expected key="),
        ])
    func damaged(line: String, reason: String) throws {
        let text = line.replacingOccurrences(of: "key=K ", with: "key=\(try Self.key()) ")
        do {
            _ = try ReceiptKeyHistory(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == 1)
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test("a good line after a damaged one still fails the file, naming the damaged line")
    func laterLine() throws {
        let good = "key=\(try Self.key()) from=2026-01-01T00:00:00.000Z until=2026-02-01T00:00:00.000Z\n"
        #expect(throws: ReceiptKeyHistoryError(line: 2, reason: "the key is listed twice")) {
            try ReceiptKeyHistory(parsing: good + good.replacingOccurrences(of: "2026-01", with: "2026-02"))
        }
    }

    static func key() throws -> String {
        try Ed25519PrivateKey.generate().publicKey.base64SPKI
    }

    static func time(_ text: String) -> Timestamp {
        Timestamp(rfc3339: text)!
    }
}
