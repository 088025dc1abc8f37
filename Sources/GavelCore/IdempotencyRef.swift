/// A client's idempotency key for BID and WITHDRAW: 1–64 of `A-Z a-z 0-9 _ -`.
public struct IdempotencyRef: Hashable, Sendable, CustomStringConvertible {
    public static let maximumLength = 64

    public let value: String

    public init(parsing text: some StringProtocol) throws(GavelError) {
        let bytes = Substring(text).utf8
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else {
            throw .syntax("ref must be 1 to \(Self.maximumLength) characters")
        }
        for byte in bytes where !Self.isAllowed(byte) {
            throw .syntax("ref may only contain A-Z a-z 0-9 _ -")
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
