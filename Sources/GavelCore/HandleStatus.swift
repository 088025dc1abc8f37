/// The status an auctioneer sets on a handle with `HANDLE SET`.
public enum HandleStatus: String, Sendable, CaseIterable {
    /// Unused and free to auction; inquiries show it as `available`.
    case dormant
    /// In use by its holder; inquiries show it as `unavailable`.
    case active
    /// Held back by the platform; inquiries show it as `unavailable`.
    case reserved
}
