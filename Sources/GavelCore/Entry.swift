/// One ledger entry's content: its place in the chain, when the server accepted it, and what happened.
public struct Entry: Hashable, Sendable {
    public let seq: Int64
    public let at: Timestamp
    public let event: Event
    /// Every `open`, `bid` and `withdraw` the server records has one (`EntryKind.isSalted`); entries
    /// written before salts existed have none, and still decode and verify.
    public let salt: Salt?

    public init(seq: Int64, at: Timestamp, event: Event, salt: Salt? = nil) {
        precondition(seq >= 1, "ledger seq starts at 1")
        precondition(salt == nil || event.kind.isSalted, "only open, bid and withdraw entries carry a salt")
        self.seq = seq
        self.at = at
        self.event = event
        self.salt = salt
    }
}
