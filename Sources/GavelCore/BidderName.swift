/// The name of a bidder or auctioneer account: 1–32 of `a-z 0-9 _ -`.
public struct BidderName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let maximumLength = 32

    public let name: String

    /// A malformed name is `SYNTAX` (PROTOCOL.md, `BIDDER ADD`).
    public init(parsing text: some StringProtocol) throws(GavelError) {
        let bytes = Substring(text).utf8
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else {
            throw .syntax("name must be 1 to \(Self.maximumLength) characters")
        }
        for byte in bytes where !Self.isAllowed(byte) {
            throw .syntax("name may only contain a-z 0-9 _ -")
        }
        name = String(text)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    public var description: String { name }

    public static func < (lhs: BidderName, rhs: BidderName) -> Bool { lhs.name < rhs.name }
}
