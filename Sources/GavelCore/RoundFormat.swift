/// How the winner's price is set: its own bid (`first`) or the best other eligible bid (`second`).
public enum RoundFormat: String, Sendable, CaseIterable {
    case first
    case second
}
