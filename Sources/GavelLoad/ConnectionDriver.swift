import GavelClient
import GavelCore
import GavelEntry
import NIOCore

/// Drives one bidder connection through the run, entirely on the connection's event loop: replies
/// arrive as future callbacks on that loop and the next command is written from there, so no reply
/// costs a task switch.
///
/// Closed loop keeps `pipelineDepth` commands in flight and measures each from its send. Open loop
/// sends at the intended times of its schedule and measures from those, so a stalled server shows
/// as latency instead of as fewer samples (no coordinated omission).
///
/// With several addresses a dropped connection is made again on the first address that answers; the
/// bids that were in flight are sent again with their refs, so each gets its one receipt.
final class ConnectionDriver {
    /// Makes the connection again, on the given loop: the new connection and the index of its address.
    typealias Reconnect = @Sendable (any EventLoop) -> EventLoopFuture<(GavelConnection, Int)>

    /// Open loop: beyond this many in flight the connection stops writing; its backlog still counts
    /// from the intended times.
    static let openLoopMaxInFlight = 1_000
    /// Between attempts to reconnect while no address answers (a failover in progress).
    static let reconnectRetryMs: Int64 = 200

    private var connection: GavelConnection
    private let loop: any EventLoop
    private let reconnect: Reconnect?
    private let drainNs: UInt64
    private var endpointIndex: Int
    /// The connection dropped; bids wait in `resend` until it is made again.
    private var isDisconnected = false
    private var resend: [(bid: PlannedBid, measuredFromNs: UInt64)] = []
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
        connection: GavelConnection, endpointIndex: Int, control: RunControl, mix: BidMix,
        schedule: OpenLoopSchedule?,
        options: LoadOptions, reconnect: Reconnect?, finished: EventLoopPromise<DriverTally>
    ) {
        connection.eventLoop.assertInEventLoop()
        self.connection = connection
        self.endpointIndex = endpointIndex
        self.loop = connection.eventLoop
        self.reconnect = reconnect
        self.drainNs = UInt64(options.drainTimeoutSeconds) * 1_000_000_000
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
        guard !isDisconnected else { return false }
        guard !isStopped, nowNs < control.deadlineNs, control.claimRequest() else {
            stop(atNs: nowNs)
            return false
        }
        let bid = mix.next()
        switch bid.kind {
        case .rotating: tally.rotatingBids += 1
        case .sameRound: tally.sameRoundBids += 1
        case .retry: tally.retries += 1
        }
        tally.sent += 1
        submit(bid, measuredFromNs: intendedNs ?? nowNs)
        return true
    }

    private func submit(_ bid: PlannedBid, measuredFromNs: UInt64) {
        inFlight += 1
        connection.submit(bid.command).assumeIsolated().whenComplete { result in
            self.received(result, for: bid, measuredFromNs: measuredFromNs)
        }
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
        case .failure where reconnect != nil && nowNs < control.deadlineNs + drainNs:
            // The connection is gone: this bid goes again, with its ref, once another one is made.
            resend.append((bid, measuredFromNs))
            isDisconnected = true
            if inFlight == 0 { reconnectNow() }
            return
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
            mix.roundClosed(bid.round)
            return true
        case .error(.rateLimited, _):
            tally.rateLimited += 1
            return true
        case .error(.unavailable, _) where reconnect != nil:
            tally.unavailable += 1
            // A retry's ref is in the ledger already, from the bid it repeats.
            if case .retry = bid.kind {} else { tally.refusedRefs.append(bid.ref.value) }
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

    /// Makes the connection again and resends what was in flight; retries while no address answers,
    /// until the run and its drain time are over.
    private func reconnectNow() {
        guard let reconnect else { return }
        reconnect(loop).hop(to: loop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let (connection, index)):
                self.tally.reconnects += 1
                if index != self.endpointIndex { self.tally.failovers += 1 }
                self.endpointIndex = index
                self.connection = connection
                self.isDisconnected = false
                self.closeAfterDrain(connection)
                let pending = self.resend
                self.resend = []
                for (bid, measuredFromNs) in pending { self.submit(bid, measuredFromNs: measuredFromNs) }
                if self.schedule != nil {
                    self.sendDue()
                } else {
                    while self.inFlight < self.pipelineDepth, self.send(intendedNs: nil) {}
                }
            case .failure:
                let nowNs = NIODeadline.now().uptimeNanoseconds
                if nowNs < self.control.deadlineNs + self.drainNs {
                    self.loop.assumeIsolated().scheduleTask(in: .milliseconds(Self.reconnectRetryMs)) {
                        self.reconnectNow()
                    }
                    return
                }
                self.tally.unanswered += self.resend.count
                self.resend = []
                self.stop(atNs: nowNs)
            }
            self.finishIfDone()
        }
    }

    /// A connection made during the run is closed like the first ones: once the drain time is over.
    private func closeAfterDrain(_ connection: GavelConnection) {
        loop.scheduleTask(deadline: .uptimeNanoseconds(control.deadlineNs + drainNs)) {
            Task { await connection.close() }
        }
    }

    private func stop(atNs nanoseconds: UInt64) {
        guard !isStopped else { return }
        isStopped = true
        if let schedule { tally.intendedNotSent = schedule.dueCount(before: min(nanoseconds, control.deadlineNs)) }
    }

    private func finishIfDone() {
        guard isStopped, inFlight == 0, resend.isEmpty, !isFinished else { return }
        isFinished = true
        finished.succeed(tally)
    }
}
