/// Whether bidders see the reserve (`public`, and bids below it are refused) or not (`secret`).
public enum ReserveVisibility: String, Sendable, CaseIterable {
    case `public`
    case secret
}
