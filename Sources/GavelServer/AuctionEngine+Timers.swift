import GavelCore
import GavelWire
import NIOCore

extension AuctionEngine {
    /// Arms one timer for the earliest moment a round opens or closes, rounded up to the timer grid.
    func scheduleTimer() {
        loop.preconditionInEventLoop()
        timer?.cancel()
        timer = nil
        guard !commits.isShuttingDown else { return }
        let now = now
        guard let due = rules.nextDeadline(after: now, in: state) else { return }
        let deadline = due.roundedUp(toMultipleOfMs: timerPrecisionMs)
        let delayMs = max(0, deadline.millisecondsSinceEpoch - now.millisecondsSinceEpoch)
        timer = loop.scheduleTask(in: .milliseconds(delayMs)) { [self] in
            timer = nil
            tick()
        }
    }

    /// Announces the scheduled rounds that have opened and closes the rounds whose time has come.
    /// A close that cannot be recorded now (ledger outage) is retried on the next tick.
    func tick() {
        loop.preconditionInEventLoop()
        // On a broken ledger no close can be recorded, and an overdue round's deadline would fire again at
        // once, forever: no timers at all.
        guard commits.brokenAtSeq == nil else { return }
        let now = now
        for id in unannouncedOpens.sorted() {
            guard let round = state.round(id), round.opens <= now else { continue }
            unannouncedOpens.remove(id)
            if round.isPending {
                logger.info("round \(id) opened on time")
                watchers.publish(
                    .opened(round: id, handle: round.handle, closes: round.closes), round: id, handle: round.handle)
            }
        }
        for id in rules.roundsToClose(at: now, in: state) {
            do {
                let plan = try rules.close(id, at: now, in: state)
                _ = try record(plan.event(bidsSHA256: bidsSHA256(plan.result.countedSeqs)))
                logger.info("round \(id) closed on time")
            } catch {
                logger.error("cannot close round \(id): \(error.message)")
                loop.scheduleTask(in: .milliseconds(500)) {
                    // Shutdown records nothing new: a close not made by then is made at the next start.
                    if !self.commits.isShuttingDown { self.tick() }
                }
                return
            }
        }
        scheduleTimer()
    }
}
