/// The auction rules' settings (Config/gaveld.json): reserve floor, bid ceiling, discounts, transfer delay.
public struct AuctionConfig: Hashable, Sendable {
    public static let defaultTransferDueMilliseconds: Int64 = 48 * 3_600_000

    /// The lowest reserve `OPEN` accepts: 10,000.00 by default.
    public var minReserve: Money
    /// The highest bid (and reserve) accepted: 1,000,000,000.00 by default.
    public var maxBid: Money
    public var discounts: DiscountPolicy
    /// How long after `SETTLE` the handle must be transferred: 48 hours.
    public var transferDueMilliseconds: Int64

    public init(
        minReserve: Money = Money(dollars: 10_000),
        maxBid: Money = Money.absoluteMaximum,
        discounts: DiscountPolicy = .standard,
        transferDueMilliseconds: Int64 = Self.defaultTransferDueMilliseconds
    ) {
        precondition(minReserve <= maxBid && maxBid <= Money.absoluteMaximum, "min_reserve <= max_bid <= 1e9")
        self.minReserve = minReserve
        self.maxBid = maxBid
        self.discounts = discounts
        self.transferDueMilliseconds = transferDueMilliseconds
    }
}
