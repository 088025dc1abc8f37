import GavelCore
import PropertyBased
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test("prints RFC 3339 UTC with milliseconds")
    func prints() {
        #expect(Timestamp(millisecondsSinceEpoch: 0).description == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_795_536_000_123).description == "2026-11-24T16:00:00.123Z")
        #expect(Timestamp(millisecondsSinceEpoch: 951_782_400_000).description == "2000-02-29T00:00:00.000Z")
    }

    @Test("parses Z, fractions and offsets")
    func parses() {
        #expect(Timestamp(rfc3339: "2026-11-24T16:00:00.123Z")?.millisecondsSinceEpoch == 1_795_536_000_123)
        #expect(Timestamp(rfc3339: "2026-11-24T16:00:00Z")?.millisecondsSinceEpoch == 1_795_536_000_000)
        #expect(Timestamp(rfc3339: "2026-11-24T16:00:00.1Z")?.millisecondsSinceEpoch == 1_795_536_000_100)
        #expect(Timestamp(rfc3339: "2026-11-24T17:30:00+01:30")?.millisecondsSinceEpoch == 1_795_536_000_000)
        #expect(Timestamp(rfc3339: "2026-11-24T11:00:00-05:00")?.millisecondsSinceEpoch == 1_795_536_000_000)
    }

    @Test(
        "refuses malformed times",
        arguments: [
            "", "2026-11-24", "2026-11-24T16:00:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-11-24T24:00:00Z", "2026-11-24T16:00:00.1234Z", "2026-11-24T16:00:00.Z", "2026-11-24 16:00:00Z",
            "2026-11-24T16:00:00Zjunk", "2026-11-24T16:00:00+0100",
        ])
    func refuses(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("an offset may not move a time out of the four-digit years")
    func refusesOffsetsPastTheYears() {
        #expect(Timestamp(rfc3339: "0000-01-01T00:00:00+00:01") == nil)
        #expect(Timestamp(rfc3339: "9999-12-31T23:59:59.999-00:01") == nil)
        for text in ["0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"] {
            #expect(Timestamp(rfc3339: text)?.description == text)
        }
        #expect(Timestamp(rfc3339: "0000-01-01T00:01:00+00:01")?.description == "0000-01-01T00:00:00.000Z")
    }

    @Test("printing then parsing gives the same instant")
    func roundTrip() async {
        await propertyCheck(input: Gen.int64(in: -62_135_596_800_000...253_402_300_799_999)) { ms in
            let stamp = Timestamp(millisecondsSinceEpoch: ms)
            #expect(Timestamp(rfc3339: stamp.description) == stamp)
        }
    }

    @Test("ISO weekdays")
    func weekdays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).isoWeekday == 4)
        #expect(CivilDate(year: 2026, month: 11, day: 23).isoWeekday == 1)
        #expect(CivilDate(year: 2026, month: 11, day: 29).isoWeekday == 7)
        #expect(CivilDate(year: 1969, month: 12, day: 29).isoWeekday == 1)
    }

    @Test("rounds up to a time grid, leaving moments on the grid alone")
    func roundedUp() {
        let onGrid = Timestamp(millisecondsSinceEpoch: 1_000)
        #expect(onGrid.roundedUp(toMultipleOfMs: 250) == onGrid)
        #expect(Timestamp(millisecondsSinceEpoch: 1_001).roundedUp(toMultipleOfMs: 250).millisecondsSinceEpoch == 1_250)
        #expect(Timestamp(millisecondsSinceEpoch: 1_249).roundedUp(toMultipleOfMs: 250).millisecondsSinceEpoch == 1_250)
        #expect(Timestamp(millisecondsSinceEpoch: -1).roundedUp(toMultipleOfMs: 10).millisecondsSinceEpoch == 0)
        #expect(Timestamp(millisecondsSinceEpoch: 7).roundedUp(toMultipleOfMs: 1).millisecondsSinceEpoch == 7)
    }
}
