/// Bulk discounts on an invoice: one tier list by number of handles, one by subtotal; the larger
/// discount of the two applies. Rates are in basis points (1 % = 100) so no fraction is ever a Double.
public struct DiscountPolicy: Hashable, Sendable {
    public struct HandleTier: Hashable, Sendable {
        public let minimumHandles: Int
        public let basisPoints: Int64

        public init(minimumHandles: Int, basisPoints: Int64) {
            precondition(minimumHandles >= 1 && (0...10_000).contains(basisPoints), "a tier is a count and a rate")
            self.minimumHandles = minimumHandles
            self.basisPoints = basisPoints
        }
    }

    public struct ValueTier: Hashable, Sendable {
        public let minimumSubtotal: Money
        public let basisPoints: Int64

        public init(minimumSubtotal: Money, basisPoints: Int64) {
            precondition((0...10_000).contains(basisPoints), "a rate is 0 to 100 %")
            self.minimumSubtotal = minimumSubtotal
            self.basisPoints = basisPoints
        }
    }

    public let handleTiers: [HandleTier]
    public let valueTiers: [ValueTier]

    public init(handleTiers: [HandleTier], valueTiers: [ValueTier]) {
        self.handleTiers = handleTiers
        self.valueTiers = valueTiers
    }

    /// 2–4 handles 5 %, 5–9 handles 10 %, 10 or more 15 %; 7.5 % from 1,000,000.00.
    public static let standard = DiscountPolicy(
        handleTiers: [
            HandleTier(minimumHandles: 2, basisPoints: 500),
            HandleTier(minimumHandles: 5, basisPoints: 1000),
            HandleTier(minimumHandles: 10, basisPoints: 1500),
        ],
        valueTiers: [ValueTier(minimumSubtotal: Money(dollars: 1_000_000), basisPoints: 750)]
    )

    /// The rate that applies: the best tier each list reaches, then the larger of the two.
    public func basisPoints(handles: Int, subtotal: Money) -> Int64 {
        let byCount = handleTiers.filter { handles >= $0.minimumHandles }.map(\.basisPoints).max() ?? 0
        let byValue = valueTiers.filter { subtotal >= $0.minimumSubtotal }.map(\.basisPoints).max() ?? 0
        return max(byCount, byValue)
    }

    /// `subtotal × rate`, cents rounded half to even (banker's rounding), so halves do not drift one way.
    public func discount(handles: Int, subtotal: Money) -> Money {
        Self.roundHalfEven(cents: subtotal.cents, basisPoints: basisPoints(handles: handles, subtotal: subtotal))
    }

    static func roundHalfEven(cents: Int64, basisPoints: Int64) -> Money {
        let (high, low) = cents.multipliedFullWidth(by: basisPoints)
        precondition(cents >= 0 && high == 0 && low <= UInt64(Int64.max), "the product fits in Int64")
        let product = Int64(bitPattern: low)
        let quotient = product / 10_000
        let remainder = product % 10_000
        let roundsUp = remainder > 5_000 || (remainder == 5_000 && quotient % 2 == 1)
        return Money(cents: roundsUp ? quotient + 1 : quotient)
    }
}
