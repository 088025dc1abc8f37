/// The protocol's durations: `<n>s`, `<n>m`, `<n>h` or `<n>d` with a positive whole `n`.
public enum DurationText {
    /// Ten years: longer durations are refused rather than risking overflow of the close time.
    public static let maximumMilliseconds: Int64 = 3650 * Timestamp.millisecondsPerDay

    /// Milliseconds, or `SYNTAX` when malformed, zero or above `maximumMilliseconds`.
    public static func parseMilliseconds(_ text: some StringProtocol) throws(GavelError) -> Int64 {
        guard let unit = text.last, let count = DecimalDigits.parse(text.dropLast()), count > 0 else {
            throw .syntax("duration must be <n>s, <n>m, <n>h or <n>d")
        }
        let unitMilliseconds: Int64
        switch unit {
        case "s": unitMilliseconds = 1000
        case "m": unitMilliseconds = 60_000
        case "h": unitMilliseconds = 3_600_000
        case "d": unitMilliseconds = Timestamp.millisecondsPerDay
        default: throw .syntax("duration must be <n>s, <n>m, <n>h or <n>d")
        }
        guard count <= maximumMilliseconds / unitMilliseconds else {
            throw .syntax("duration is longer than 3650d")
        }
        return count * unitMilliseconds
    }
}
