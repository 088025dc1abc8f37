/// The name of a bidder or auctioneer account: 1–32 of `a-z 0-9 _ -`.
public struct BidderName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let maximumLength = 32
    /// The bootstrap auctioneer's name (its token comes from `GAVEL_ADMIN_TOKEN` or `admin.token`, not the
    /// ledger): taken from the start, so no account can be added under it.
    public static let bootstrapAuctioneer = try! BidderName(parsing: "admin")

    public let name: String

    /// A malformed name is `SYNTAX` (PROTOCOL.md, `BIDDER ADD`).
    public init(parsing text: some StringProtocol) throws(GavelError) {
        try AsciiWord.check(
            text, what: "name", maximumLength: Self.maximumLength, alphabet: "a-z 0-9 _ -", isAllowed: Self.isAllowed)
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
