import GavelClient
import GavelCore
import NIOCore

/// Drives one bidder connection through the run, entirely on the connection's event loop: replies
/// arrive as future callbacks on that loop and the next command is written from there, so no reply
/// costs a task switch.
///
/// Closed loop keeps `pipelineDepth` commands in flight and measures each from its send. Open loop
/// sends at the intended times of its schedule and measures from those, so a stalled server shows
/// as latency instead of as fewer samples (no coordinated omission).
final class ConnectionDriver {
    /// Open loop: beyond this many in flight the connection stops writing; its backlog still counts
    /// from the intended times.
    static let openLoopMaxInFlight = 1_000

    private let connection: GavelConnection
    private let control: RunControl
    private let pipelineDepth: Int
    private let signatureSampleShare: Double
    private var schedule: OpenLoopSchedule?
    private var mix: BidMix
    private var random = SplitMix64(seed: UInt64.random(in: .min ... .max))
    private var tally = DriverTally()
    private var inFlight = 0
    private var isStopped = false
    private var isWakeScheduled = false
    private var isFinished = false
    private let finished: EventLoopPromise<DriverTally>

    init(
        connection: GavelConnection, control: RunControl, mix: BidMix, schedule: OpenLoopSchedule?,
        options: LoadOptions, finished: EventLoopPromise<DriverTally>
    ) {
        connection.eventLoop.assertInEventLoop()
        self.connection = connection
        self.control = control
        self.mix = mix
        self.schedule = schedule
        self.pipelineDepth = options.pipelineDepth
        self.signatureSampleShare = options.signatureSampleShare
        self.finished = finished
    }

    func start() {
        if schedule != nil {
            sendDue()
        } else {
            var started = 0
            while started < pipelineDepth, send(intendedNs: nil) { started += 1 }
        }
        finishIfDone()
    }

    /// Sends the next BID unless the run is over; `intendedNs` is when the open loop meant to send it.
    private func send(intendedNs: UInt64?) -> Bool {
        let nowNs = NIODeadline.now().uptimeNanoseconds
        guard !isStopped, nowNs < control.deadlineNs, control.claimRequest() else {
            stop(atNs: nowNs)
            return false
        }
        let bid = mix.next(wallNowMs: control.wallMs(atUptimeNs: nowNs))
        switch bid.kind {
        case .rotating: tally.rotatingBids += 1
        case .sameRound: tally.sameRoundBids += 1
        case .retry: tally.retries += 1
        }
        tally.sent += 1
        inFlight += 1
        let measuredFromNs = intendedNs ?? nowNs
        connection.submit(bid.command).assumeIsolated().whenComplete { result in
            self.received(result, for: bid, measuredFromNs: measuredFromNs)
        }
        return true
    }

    private func received(_ result: Result<ServerReply, any Error>, for bid: PlannedBid, measuredFromNs: UInt64) {
        let nowNs = NIODeadline.now().uptimeNanoseconds
        inFlight -= 1
        switch result {
        case .success(let reply):
            tally.replies += 1
            tally.lastReplyNs = nowNs
            tally.recordLatency(nanoseconds: nowNs - min(measuredFromNs, nowNs))
            control.countReply(failed: !check(reply, for: bid))
        case .failure:
            // The connection is gone: nothing more can be sent on it.
            tally.unanswered += 1
            control.countReply(failed: true)
            stop(atNs: nowNs)
        }
        if schedule != nil {
            sendDue()
        } else {
            _ = send(intendedNs: nil)
        }
        finishIfDone()
    }

    /// Tallies a reply; `false` when it is a failure of the server.
    private func check(_ reply: ServerReply, for bid: PlannedBid) -> Bool {
        switch reply {
        case .ok(let fields, _):
            if case .retry(let expectedLine) = bid.kind {
                guard fields.text == expectedLine else {
                    tally.retryMismatches += 1
                    return false
                }
                return true
            }
            return keep(receiptLine: fields.text, of: bid)
        case .error(.roundClosed, _) where WallClock.nowMs() >= bid.round.closesAtMs:
            tally.roundClosedAfterClose += 1
            return true
        case .error(.rateLimited, _):
            tally.rateLimited += 1
            return true
        case .error(let code, _):
            tally.countUnexpected(code)
            return false
        }
    }

    private func keep(receiptLine line: String, of bid: PlannedBid) -> Bool {
        guard let receipt = try? Receipt(parsing: line) else {
            tally.malformedReceipts += 1
            return false
        }
        tally.receipts.append((receipt.seq, LineDigest(line)))
        if receipt.fields["replaces"] != nil { tally.replacements += 1 }
        mix.remember(bid, signedLine: line)
        if tally.signatureSample.count < DriverTally.signatureSampleCapacity,
            random.nextUnit() < signatureSampleShare
        {
            tally.signatureSample.append(line)
        }
        return true
    }

    /// Open loop: sends every command whose intended time has come, then sleeps until the next one.
    private func sendDue() {
        while !isStopped, inFlight < Self.openLoopMaxInFlight, let intendedNs = schedule?.nextNs {
            let nowNs = NIODeadline.now().uptimeNanoseconds
            guard intendedNs < control.deadlineNs else { return stop(atNs: nowNs) }
            guard intendedNs <= nowNs else { return wake(atNs: intendedNs) }
            guard send(intendedNs: intendedNs) else { return }
            schedule?.index += 1
        }
    }

    private func wake(atNs nanoseconds: UInt64) {
        guard !isWakeScheduled else { return }
        isWakeScheduled = true
        connection.eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(nanoseconds)) {
            self.isWakeScheduled = false
            self.sendDue()
            self.finishIfDone()
        }
    }

    private func stop(atNs nanoseconds: UInt64) {
        guard !isStopped else { return }
        isStopped = true
        if let schedule { tally.intendedNotSent = schedule.dueCount(before: min(nanoseconds, control.deadlineNs)) }
    }

    private func finishIfDone() {
        guard isStopped, inFlight == 0, !isFinished else { return }
        isFinished = true
        finished.succeed(tally)
    }
}
