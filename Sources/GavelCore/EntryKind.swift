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

extension EntryKind {
    /// The kinds whose entries hide something (an amount, a secret reserve) and so carry `salt=`.
    public var isSalted: Bool {
        switch self {
        case .open, .bid, .withdraw: true
        default: false
        }
    }
}
