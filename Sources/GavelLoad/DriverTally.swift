import GavelCore
import Histogram

/// What one connection saw during the run; merged over all connections for the report.
struct DriverTally: Sendable {
    /// Latencies above this (two minutes) are recorded as this. With 32-bit counts it keeps each
    /// connection's histogram near 75 KB, which matters at thousands of connections.
    static let highestLatencyUs: UInt64 = 120_000_000
    /// Receipt lines kept per connection for signature checks.
    static let signatureSampleCapacity = 2_000

    var latencyUs = Histogram<UInt32>(highestTrackableValue: highestLatencyUs, numberOfSignificantValueDigits: .three)
    var sent = 0
    var replies = 0
    var rotatingBids = 0
    var sameRoundBids = 0
    var retries = 0
    var retryMismatches = 0
    /// Receipts whose entry replaces an earlier bid (`replaces=`).
    var replacements = 0
    /// `ROUND_CLOSED` for a bid sent at or after its round's close time: the server doing its job.
    var roundClosedAfterClose = 0
    /// `RATE_LIMITED`: the server's per-connection command limit, reported apart from failures.
    var rateLimited = 0
    /// Every other `ERR`, by code.
    var unexpectedErrors: [String: Int] = [:]
    /// Commands that got no reply at all (the connection closed).
    var unanswered = 0
    /// With several addresses: connections made again after a drop, and those that reached another
    /// address than before.
    var reconnects = 0
    var failovers = 0
    /// With several addresses: `UNAVAILABLE` (a failover in progress) is expected; the refs so refused
    /// must not be in the ledger.
    var unavailable = 0
    var refusedRefs: [String] = []
    /// Receipts that did not parse as receipts.
    var malformedReceipts = 0
    /// Open loop: sends that were due before the end but never made (the connection had fallen behind).
    var intendedNotSent = 0
    var receipts: [(seq: Int64, digest: LineDigest)] = []
    var signatureSample: [String] = []
    var lastReplyNs: UInt64 = 0

    mutating func recordLatency(nanoseconds: UInt64) {
        _ = latencyUs.record(min(nanoseconds / 1000, Self.highestLatencyUs))
    }

    mutating func countUnexpected(_ code: ErrorCode) {
        unexpectedErrors[code.rawValue, default: 0] += 1
    }

    mutating func merge(_ other: DriverTally) {
        latencyUs.add(other.latencyUs)
        sent += other.sent
        replies += other.replies
        rotatingBids += other.rotatingBids
        sameRoundBids += other.sameRoundBids
        retries += other.retries
        retryMismatches += other.retryMismatches
        replacements += other.replacements
        roundClosedAfterClose += other.roundClosedAfterClose
        rateLimited += other.rateLimited
        unexpectedErrors.merge(other.unexpectedErrors, uniquingKeysWith: +)
        unanswered += other.unanswered
        reconnects += other.reconnects
        failovers += other.failovers
        unavailable += other.unavailable
        refusedRefs += other.refusedRefs
        malformedReceipts += other.malformedReceipts
        intendedNotSent += other.intendedNotSent
        receipts += other.receipts
        signatureSample += other.signatureSample
        lastReplyNs = max(lastReplyNs, other.lastReplyNs)
    }
}
