/// A client's idempotency key for BID and WITHDRAW: 1–64 of `A-Z a-z 0-9 _ -`, but not `-` alone.
public struct IdempotencyRef: Hashable, Sendable, CustomStringConvertible {
    public static let maximumLength = 64
    /// What an entry's `ref=` holds when there is no ref (PROTOCOL.md's entry fields). A ref of just this
    /// would be written the same way and read back as none, so a restart would forget it (refs are kept
    /// forever): it is refused.
    public static let noneText = "-"

    public let value: String

    public init(parsing text: some StringProtocol) throws(GavelError) {
        try AsciiWord.check(
            text, what: "ref", maximumLength: Self.maximumLength, alphabet: "A-Z a-z 0-9 _ -", isAllowed: Self.isAllowed
        )
        guard text != Self.noneText else {
            throw .syntax("ref may not be \"-\" alone: an entry writes ref=- when there is no ref")
        }
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
