/// One ledger entry's content: its place in the chain, when the server accepted it, and what happened.
public struct Entry: Hashable, Sendable {
    public let seq: Int64
    public let at: Timestamp
    public let event: Event

    public init(seq: Int64, at: Timestamp, event: Event) {
        precondition(seq >= 1, "ledger seq starts at 1")
        self.seq = seq
        self.at = at
        self.event = event
    }
}
