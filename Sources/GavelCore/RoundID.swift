/// A round's number, assigned in order from 1 by the `open` entries.
public struct RoundID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int64

    public init(_ value: Int64) {
        precondition(value > 0, "round ids start at 1")
        self.value = value
    }

    /// A decimal number only; anything else is `SYNTAX` (PROTOCOL.md, "Replies"). Zero and a number too
    /// long for any round to have are `NOT_FOUND`, like any other number no round has.
    public init(parsing text: some StringProtocol) throws(GavelError) {
        let digits = Substring(text).utf8
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        let isNumber = !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        // Round 0 and numbers too long for any round are numbers no round has: NOT_FOUND, not SYNTAX.
        if isNumber && (significant.isEmpty || significant.count > DecimalDigits.maximumDigits) {
            throw .notFound("no round \(text)")
        }
        guard let value = DecimalDigits.parse(Substring(significant)), value > 0 else {
            throw .syntax("round id must be a positive decimal number")
        }
        self.init(value)
    }

    public var description: String { String(value) }

    public static func < (lhs: RoundID, rhs: RoundID) -> Bool { lhs.value < rhs.value }
}
