import Testing

@testable import GavelLedger

@Suite("PostgreSQL array literals of a batch insert")
struct ArrayLiteralTests {
    @Test("numbers and texts are comma-separated, missing ones NULL, quotes and backslashes escaped")
    func literal() {
        var numbers = LedgerInsert.ArrayLiteral()
        #expect(numbers.text == "{}")
        numbers.append(number: 1)
        numbers.append(number: nil)
        numbers.append(number: -42)
        #expect(numbers.text == "{1,NULL,-42}")
        var texts = LedgerInsert.ArrayLiteral()
        texts.append(text: "v=1 seq=1")
        texts.append(text: nil)
        texts.append(text: #"say "hi" \ bye"#)
        #expect(texts.text == #"{"v=1 seq=1",NULL,"say \"hi\" \\ bye"}"#)
    }
}
