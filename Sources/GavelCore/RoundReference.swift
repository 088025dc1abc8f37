/// How BID and WITHDRAW name a round: by id, or by handle (its open or scheduled round).
public enum RoundReference: Hashable, Sendable {
    case id(RoundID)
    case handle(Handle)
}
