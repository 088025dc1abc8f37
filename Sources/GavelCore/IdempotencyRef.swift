/// A client's idempotency key for BID and WITHDRAW: 1–64 of `A-Z a-z 0-9 _ -`.
public struct IdempotencyRef: Hashable, Sendable, CustomStringConvertible {
    public static let maximumLength = 64

    public let value: String

    public init(parsing text: some StringProtocol) throws(GavelError) {
        try AsciiWord.check(
            text, what: "ref", maximumLength: Self.maximumLength, alphabet: "A-Z a-z 0-9 _ -", isAllowed: Self.isAllowed
        )
        value = String(text)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    public var description: String { value }
}
