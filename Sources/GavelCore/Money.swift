/// An amount of US dollars as integer cents. Never a floating-point number.
public struct Money: Hashable, Comparable, Sendable {
    /// 1,000,000,000.00 dollars: the largest amount the protocol accepts at all.
    public static let absoluteMaximum = Money(cents: 100_000_000_000)
    public static let zero = Money(cents: 0)

    public let cents: Int64

    public init(cents: Int64) {
        precondition(cents >= 0, "money is never negative")
        self.cents = cents
    }

    public init(dollars: Int64) {
        self.init(cents: dollars * 100)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.cents < rhs.cents
    }

    /// Parses the protocol's decimal dollars: digits, optionally a dot and one or two decimals,
    /// positive and at most `absoluteMaximum`. Signs, exponents, commas and spaces are refused.
    public static func parse(_ text: some StringProtocol) throws(AmountError) -> Money {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { throw .empty }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { throw .sign }
        if first == UInt8(ascii: ".") { throw .leadingDot }
        var cents: Int64 = 0
        var decimals: Int? = nil
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ".") {
                guard decimals == nil else { throw .invalidCharacter(".") }
                decimals = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                // The whole character the byte begins (`１` is three bytes), not the byte read as Latin-1.
                throw .invalidCharacter(String(decoding: bytes[offset...], as: UTF8.self).first ?? "?")
            }
            if let count = decimals {
                guard count < 2 else { throw .tooManyDecimals }
                decimals = count + 1
            }
            cents = cents * 10 + Int64(byte - UInt8(ascii: "0"))
            guard cents <= absoluteMaximum.cents * 100 else { throw .aboveMaximum(absoluteMaximum) }
        }
        if decimals == 0 { throw .trailingDot }
        for _ in (decimals ?? 0)..<2 { cents *= 10 }
        guard cents > 0 else { throw .notPositive }
        guard cents <= absoluteMaximum.cents else { throw .aboveMaximum(absoluteMaximum) }
        return Money(cents: cents)
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        Money(cents: lhs.cents + rhs.cents)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        Money(cents: lhs.cents - rhs.cents)
    }
}

extension Money: CustomStringConvertible {
    /// Dollars with exactly two decimals, as the protocol prints them: `25000.00`.
    public var description: String {
        let fraction = cents % 100
        return "\(cents / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
    }
}
