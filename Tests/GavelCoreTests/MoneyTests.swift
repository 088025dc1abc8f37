import GavelCore
import PropertyBased
import Testing

@Suite("Money")
struct MoneyTests {
    @Test(
        "parses decimal dollars into cents",
        arguments: [
            ("25000", 2_500_000), ("25000.5", 2_500_050), ("25000.05", 2_500_005), ("0.01", 1), ("1", 100),
            ("1000000000.00", 100_000_000_000), ("007.10", 710),
        ] as [(String, Int64)])
    func parsesDollars(text: String, cents: Int64) throws {
        #expect(try Money.parse(text).cents == cents)
    }

    @Test(
        "refuses malformed amounts with a typed reason",
        arguments: [
            ("", AmountError.empty), ("-5", .sign), ("+5", .sign), ("1e5", .invalidCharacter("e")),
            ("1,000", .invalidCharacter(",")), ("10 000", .invalidCharacter(" ")), (".5", .leadingDot),
            ("5.", .trailingDot), ("5.123", .tooManyDecimals), ("0", .notPositive), ("0.00", .notPositive),
            ("1000000000.01", .aboveMaximum(.absoluteMaximum)),
            ("99999999999999999999999", .aboveMaximum(.absoluteMaximum)), ("1.2.3", .invalidCharacter(".")),
            ("١٢", .invalidCharacter("١")), ("１２０００", .invalidCharacter("１")), ("12€", .invalidCharacter("€")),
        ] as [(String, AmountError)])
    func refusesMalformed(text: String, reason: AmountError) {
        #expect(throws: reason) { try Money.parse(text) }
    }

    @Test("a refused amount is BAD_AMOUNT on the wire")
    func badAmountCode() {
        #expect(GavelError.badAmount(.sign).code == .badAmount)
    }

    @Test("renders exactly two decimals", arguments: [(1, "0.01"), (10, "0.10"), (2_500_000, "25000.00"), (0, "0.00")])
    func renders(cents: Int64, text: String) {
        #expect(Money(cents: cents).description == text)
    }

    @Test("rendering then parsing gives the same cents")
    func roundTrip() async {
        await propertyCheck(input: Gen.int64(in: 1...Money.absoluteMaximum.cents)) { cents in
            #expect((try? Money.parse(Money(cents: cents).description))?.cents == cents)
        }
    }

    @Test("parsing never crashes on arbitrary text")
    func parseTotal() async {
        await propertyCheck(input: Gen.ascii.string(of: 0...24)) { text in
            _ = try? Money.parse(text)
        }
    }
}
