/// The `kind=` of a ledger entry (PROTOCOL.md, "Receipts").
public enum EntryKind: String, Sendable, CaseIterable {
    case bidder
    case verify
    case handle
    case inquiry
    case open
    case extend
    case cancel
    case bid
    case withdraw
    case close
    case settle
    case transfer
}
