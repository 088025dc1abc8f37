/// What a load run measured and found; `isClean` decides the exit status.
public struct LoadReport: Codable, Hashable, Sendable {
    public struct BidCounts: Codable, Hashable, Sendable {
        public var rotating = 0
        public var sameRound = 0
        public var retries = 0
        /// Retries whose reply was not the earlier receipt, byte for byte.
        public var retryMismatches = 0
        /// Receipts with `replaces=`: the bidder's earlier bid in that round was replaced.
        public var replacements = 0
    }

    /// `closed` or `open`.
    public var mode = "closed"
    public var connections = 0
    public var bidders = 0
    public var rounds = 0
    public var pipelineDepth = 0
    public var ratePerSecond: Int?
    public var burst = false
    /// From the first send to the last reply.
    public var elapsedSeconds = 0.0
    public var sent = 0
    public var replies = 0
    public var repliesPerSecond = 0.0
    /// Distinct receipts per second: bids the server recorded and signed.
    public var receiptsPerSecond = 0.0
    public var latency: LatencySummary
    public var bids = BidCounts()
    /// `ROUND_CLOSED` for bids that arrived after their round's close time: expected, not failures.
    public var roundClosedAfterClose = 0
    /// `RATE_LIMITED`: the server's per-connection limit; reported, not failures.
    public var rateLimited = 0
    /// Every other `ERR` during the run, by code.
    public var unexpectedErrors: [String: Int] = [:]
    /// Commands that never got a reply (their connection closed).
    public var unanswered = 0
    /// OK replies to a BID that were not receipts.
    public var malformedReceipts = 0
    /// Open loop: sends that were due but not made when the run ended (the load fell behind).
    public var intendedNotSent = 0
    /// With several addresses (`--host a,b`): reconnects after a drop, how many reached another address,
    /// the bids refused with `UNAVAILABLE` meanwhile, and their refs (which must not be in the ledger).
    public var reconnects = 0
    public var failovers = 0
    public var unavailable = 0
    public var refusedRefs: [String] = []
    public var audit = ReceiptAuditResult()

    public var isClean: Bool {
        unexpectedErrors.isEmpty && unanswered == 0 && malformedReceipts == 0 && bids.retryMismatches == 0
            && audit.isClean
    }
}
