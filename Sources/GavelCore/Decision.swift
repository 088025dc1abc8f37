/// What a recording command comes to once decided against the state.
public enum Decision: Hashable, Sendable {
    /// Append this event to the ledger; its receipt is the reply.
    case record(Event)
    /// The bidder used this ref before: answer with the receipt of the entry at `seq`, record nothing.
    case repeatReceipt(seq: Int64)
}
