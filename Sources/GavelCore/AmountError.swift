/// Why a text is not an acceptable amount of money. Every case is `BAD_AMOUNT` on the wire.
public enum AmountError: Error, Hashable, Sendable {
    case empty
    case sign
    case invalidCharacter(Character)
    case leadingDot
    case trailingDot
    case tooManyDecimals
    case notPositive
    case aboveMaximum(Money)
    case belowMinimumReserve(Money)
}

extension AmountError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: "amount is empty"
        case .sign: "amount must not have a sign"
        case .invalidCharacter(let character): "amount contains '\(character)'; write dollars like 25000.00"
        case .leadingDot: "amount must start with a digit"
        case .trailingDot: "amount must not end with a dot"
        case .tooManyDecimals: "amount has more than two decimals"
        case .notPositive: "amount must be positive"
        case .aboveMaximum(let maximum): "amount is above the maximum of \(maximum)"
        case .belowMinimumReserve(let minimum): "reserve is below the minimum of \(minimum)"
        }
    }
}
