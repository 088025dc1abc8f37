/// What a bidder owes: the rounds it won and has not paid for, with the bulk discount.
public struct Invoice: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public let round: RoundID
        public let handle: Handle
        public let price: Money
    }

    public let lines: [Line]
    public let subtotal: Money
    public let discount: Money

    public var total: Money { subtotal - discount }

    init(lines: [Line], policy: DiscountPolicy) {
        self.lines = lines
        subtotal = lines.reduce(Money.zero) { $0 + $1.price }
        discount = policy.discount(handles: lines.count, subtotal: subtotal)
        assert(discount <= subtotal, "a discount never exceeds what is owed")
    }
}
