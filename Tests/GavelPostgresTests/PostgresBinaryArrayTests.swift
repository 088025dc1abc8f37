import GavelPostgres
import GavelTestSupport
import Testing

@Suite("PostgreSQL binary arrays")
struct PostgresBinaryArrayTests {
    @Test("the wire format: one dimension, the NULL flag, the element type, then length-prefixed elements")
    func layout() {
        var numbers = PostgresBinaryArray(of: .int8)
        numbers.append(Int64(1))
        numbers.append(Int64?.none)
        #expect(
            numbers.encoded() == [
                0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0, 2, 0, 0, 0, 1,
                0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF,
            ])
        var texts = PostgresBinaryArray(of: .text)
        texts.append("hé")
        #expect(
            texts.encoded() == [
                0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3, 0x68, 0xC3, 0xA9,
            ])
    }

    @Test("PostgreSQL reads back every element: extremes, NULLs, quotes, backslashes, Unicode, times")
    func roundTrip() async throws {
        try await TestDatabase.with(label: "binary_arrays") { database in
            let connection = try database.connect()
            var numbers = PostgresBinaryArray(of: .int8)
            for value in [Int64.min, -1, 0, nil, Int64.max] { numbers.append(value) }
            var texts = PostgresBinaryArray(of: .text)
            for value in [#"say "hi" \ bye"#, nil, "", "日本語 {a,b}"] { texts.append(value) }
            var times = PostgresBinaryArray(of: .timestamptz)
            for milliseconds: Int64 in [0, 1_795_000_000_123, -62_135_596_800_000, 253_402_300_799_999] {
                times.append(millisecondsSinceEpoch: milliseconds)
            }
            let sql = """
                SELECT array_to_string($1::bigint[], ',', 'NULL'), array_to_json($2::text[])::text,
                    array_to_string(ARRAY(SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')
                        FROM unnest($3::timestamptz[]) AS t), ',')
                """
            let result = try connection.query(
                prepared: "binary_arrays", sql: sql,
                binaryParameters: [numbers.encoded(), texts.encoded(), times.encoded()])
            #expect(result.string(row: 0, column: 0) == "-9223372036854775808,-1,0,NULL,9223372036854775807")
            #expect(result.string(row: 0, column: 1) == #"["say \"hi\" \\ bye",null,"","日本語 {a,b}"]"#)
            #expect(
                result.string(row: 0, column: 2)
                    == "1970-01-01T00:00:00.000,2026-11-18T11:06:40.123,0001-01-01T00:00:00.000,9999-12-31T23:59:59.999"
            )
        }
    }
}
