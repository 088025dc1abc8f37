import GavelClient
import NIOCore

/// A bidder's connection and the index of the address it reached (`LoadOptions.endpoints`).
typealias BidderConnection = (connection: GavelConnection, endpointIndex: Int)

extension LoadGenerator {
    /// Starts one driver per connection on its event loop and waits until all have stopped; the
    /// connections are closed once the drain timeout has passed after the run's end.
    static func drive(
        _ connections: [BidderConnection], tokens: [String], rounds: [LoadRound], runID: String, control: RunControl,
        options: LoadOptions, _ progress: (@Sendable (LoadProgress) -> Void)?
    ) async throws -> DriverTally {
        let finished = connections.enumerated().map { index, bidder in
            let connection = bidder.connection
            let promise = connection.eventLoop.makePromise(of: DriverTally.self)
            let mix = BidMix(runID: runID, connection: index, rounds: rounds, options: options)
            let schedule = options.ratePerSecond.map {
                OpenLoopSchedule(
                    startNs: control.startNs, ratePerSecond: $0, connection: index, connections: connections.count)
            }
            let reconnect = options.failsOver ? reconnector(token: tokens[index % tokens.count], options: options) : nil
            connection.eventLoop.execute {
                ConnectionDriver(
                    connection: connection, endpointIndex: bidder.endpointIndex, control: control, mix: mix,
                    schedule: schedule, options: options, reconnect: reconnect, finished: promise
                ).start()
            }
            return promise.futureResult
        }
        let reporter = progress.map { progress in Task { await report(control, to: progress) } }
        let closer = Task {
            try await Task.sleep(for: .seconds(options.durationSeconds + options.drainTimeoutSeconds))
            for bidder in connections { await bidder.connection.close() }
        }
        defer {
            closer.cancel()
            reporter?.cancel()
        }
        var total = DriverTally()
        for future in finished { total.merge(try await future.get()) }
        return total
    }

    private static func report(_ control: RunControl, to progress: @Sendable (LoadProgress) -> Void) async {
        var previousReplies = 0
        var elapsedSeconds = 0
        while true {
            try? await Task.sleep(for: .seconds(1))
            guard !Task.isCancelled else { return }
            elapsedSeconds += 1
            let replies = control.repliesSoFar
            progress(
                LoadProgress(
                    elapsedSeconds: elapsedSeconds, replies: replies, repliesPerSecond: replies - previousReplies,
                    failures: control.failuresSoFar))
            previousReplies = replies
        }
    }

    static func report(
        _ tally: DriverTally, audit: ReceiptAuditResult, control: RunControl, options: LoadOptions
    ) -> LoadReport {
        let elapsedSeconds = tally.lastReplyNs > control.startNs ? Double(tally.lastReplyNs - control.startNs) / 1e9 : 0
        func perSecond(_ count: Int) -> Double { elapsedSeconds > 0 ? Double(count) / elapsedSeconds : 0 }
        var report = LoadReport(latency: LatencySummary(tally.latencyUs))
        report.mode = options.ratePerSecond == nil ? "closed" : "open"
        report.connections = options.connections
        report.bidders = options.bidders
        report.rounds = options.rounds
        report.pipelineDepth = options.pipelineDepth
        report.ratePerSecond = options.ratePerSecond
        report.burst = options.burst
        report.elapsedSeconds = elapsedSeconds
        report.sent = tally.sent
        report.replies = tally.replies
        report.repliesPerSecond = perSecond(tally.replies)
        report.receiptsPerSecond = perSecond(audit.receipts)
        report.bids = LoadReport.BidCounts(
            rotating: tally.rotatingBids, sameRound: tally.sameRoundBids, retries: tally.retries,
            retryMismatches: tally.retryMismatches, replacements: tally.replacements)
        report.roundClosedAfterClose = tally.roundClosedAfterClose
        report.rateLimited = tally.rateLimited
        report.unexpectedErrors = tally.unexpectedErrors
        report.unanswered = tally.unanswered
        report.reconnects = tally.reconnects
        report.failovers = tally.failovers
        report.unavailable = tally.unavailable
        report.refusedRefs = tally.refusedRefs
        report.malformedReceipts = tally.malformedReceipts
        report.intendedNotSent = tally.intendedNotSent
        report.audit = audit
        return report
    }

    /// How a bidder connection comes back after a drop: the first address that answers, `AUTH` again.
    private static func reconnector(token: String, options: LoadOptions) -> ConnectionDriver.Reconnect {
        { loop in
            loop.makeFutureWithTask {
                let (connection, index) = try await GavelConnection.connect(
                    toFirstOf: options.endpoints, tls: options.tls, group: loop)
                let reply = try await connection.send(.auth(token: token))
                guard reply.fields?["role"] == "bidder" else {
                    await connection.close()
                    throw LoadError.setupFailed("AUTH again after a failover: \(reply.line)")
                }
                return (connection, index)
            }
        }
    }
}
