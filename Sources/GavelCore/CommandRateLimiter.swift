/// Commands per second for one connection, as a token bucket: bursts up to one second's worth, then
/// `RATE_LIMITED` until tokens refill. Time is passed in.
public struct CommandRateLimiter: Sendable {
    public let commandsPerSecond: Int64
    /// Thousandths of a command, so refills of less than one command per millisecond are not lost.
    private var milliTokens: Int64
    private var lastRefill: Timestamp?

    public init(commandsPerSecond: Int64) {
        precondition(commandsPerSecond > 0, "a limit lets at least one command through per second")
        self.commandsPerSecond = commandsPerSecond
        milliTokens = commandsPerSecond * 1000
    }

    /// Takes one command's token at `now`, or throws `RATE_LIMITED`.
    public mutating func admit(at now: Timestamp) throws(GavelError) {
        let capacity = commandsPerSecond * 1000
        if let lastRefill {
            let elapsedMs = max(0, now.millisecondsSinceEpoch - lastRefill.millisecondsSinceEpoch)
            milliTokens = min(capacity, milliTokens + min(elapsedMs, 1000) * commandsPerSecond)
        }
        lastRefill = now
        guard milliTokens >= 1000 else {
            throw .rateLimited("more than \(commandsPerSecond) commands per second; try later")
        }
        milliTokens -= 1000
    }
}
