/// Where a round is in its life: scheduled → open → closed, or cancelled from scheduled or open.
public enum RoundState: String, Sendable, CaseIterable {
    case scheduled
    case open
    case closed
    case cancelled
}
