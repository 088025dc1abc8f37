import GavelCore
import GavelWire
import NIOCore

extension AuctionEngine {
    /// The round figures `STATS` and the gauges share, global over all rounds (no bid counts: those
    /// are sealed): how many rounds are open now, and how long until the earliest open or scheduled
    /// round closes (0 when its close is due and the timer has not run yet).
    func roundFigures() -> (open: Int, nextCloseMs: Int64?) {
        loop.preconditionInEventLoop()
        let now = now
        var open = 0
        var nextClose: Timestamp?
        for id in state.pendingRounds {
            guard let round = state.round(id) else { continue }
            if round.state(at: now) == .open { open += 1 }
            nextClose = min(nextClose ?? round.closes, round.closes)
        }
        let nextCloseMs = nextClose.map { max(0, $0.millisecondsSinceEpoch - now.millisecondsSinceEpoch) }
        return (open, nextCloseMs)
    }

    /// Sets the gauges that move with the clock; a scrape calls it just before reading them.
    func refreshRoundGauges() {
        let rounds = roundFigures()
        metrics.roundsChanged(open: rounds.open, nextCloseMs: rounds.nextCloseMs)
    }

    /// `STATS`. The state's figures are those of the state this reply waits for; the counters are read
    /// once it is committed, so they include the commands and commits it waited for.
    func stats() throws(GavelError) -> EventLoopFuture<Reply> {
        let rounds = roundFigures()
        let (connections, bids, seq) = (connections.current, state.bidEntries, state.lastSeq)
        return try afterCommits().map { [metrics] in
            .stats(
                connections: connections, roundsOpen: rounds.open, bids: bids,
                more: [
                    "ledger_seq": seq, "commands": metrics.commandsAnswered, "commit_batches": metrics.commitBatches,
                    "next_close_ms": rounds.nextCloseMs.map(String.init) ?? "-",
                ])
        }
    }
}
