/// A point in time after which a wait on the server gives up; every blocking step takes one so no call can hang.
struct Deadline {
    let timeoutMs: Int
    private let instant: ContinuousClock.Instant

    init(timeoutMs: Int) {
        self.timeoutMs = timeoutMs
        instant = ContinuousClock.now.advanced(by: .milliseconds(timeoutMs))
    }

    /// Milliseconds left, rounded up so a nearly expired deadline still gets one last poll.
    var remainingMs: Int {
        let remaining = ContinuousClock.now.duration(to: instant)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let attosecondsPerMs: Int64 = 1_000_000_000_000_000
        return Int(seconds) * 1_000 + Int((attoseconds + attosecondsPerMs - 1) / attosecondsPerMs)
    }
}
