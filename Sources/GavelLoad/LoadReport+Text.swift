import Foundation

extension LoadReport {
    /// The report for people: one line per subject, counts with thousands separators.
    public var text: String {
        let load = ratePerSecond.map { "open loop at \(count($0))/s" } ?? "closed loop, pipeline \(pipelineDepth)"
        let elapsed = String(format: "%.2f", elapsedSeconds)
        let percentiles: [(String, Double)] = [
            ("p50", latency.p50Ms), ("p90", latency.p90Ms), ("p99", latency.p99Ms), ("p99.9", latency.p999Ms),
            ("max", latency.maxMs),
        ]
        let latencyText = percentiles.map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: "  ")
        let errors = unexpectedErrors.isEmpty ? "none" : tallyText(unexpectedErrors)
        let missing = audit.missing.isEmpty ? "" : " (\(tallyText(audit.missing)))"
        let behind = ratePerSecond == nil ? "" : "; \(count(intendedNotSent)) due but not sent"
        return [
            "gavel-load: \(load), \(connections) connections, \(bidders) bidders, \(rounds) rounds\(burst ? ", burst" : "")",
            "requests    \(count(sent)) sent, \(count(replies)) replies in \(elapsed) s: "
                + "\(count(Int(repliesPerSecond))) replies/s, \(count(Int(receiptsPerSecond))) receipts/s",
            "latency ms  \(latencyText)",
            "bids        \(count(bids.rotating)) rotating, \(count(bids.sameRound)) same round, "
                + "\(count(bids.retries)) retries (\(count(bids.retryMismatches)) mismatched); "
                + "\(count(bids.replacements)) receipts replace a bid",
            "expected    \(count(roundClosedAfterClose)) ROUND_CLOSED after close, \(count(rateLimited)) RATE_LIMITED",
            "errors      \(errors); \(count(unanswered)) unanswered, \(count(malformedReceipts)) malformed\(behind)",
            "failover    \(count(reconnects)) reconnects, \(count(failovers)) to another address, "
                + "\(count(unavailable)) UNAVAILABLE",
            "receipts    \(count(audit.receipts)) distinct, \(count(audit.found)) identical via RECEIPT, "
                + "\(count(audit.missingCount)) missing\(missing), \(count(audit.mismatched)) mismatched; "
                + "\(audit.roundsClosed) rounds closed at the end",
            "signatures  \(count(audit.signaturesVerified)) verified with the HELLO key, "
                + "\(count(audit.signatureFailures)) failed",
            "result      \(isClean ? "OK" : "FAILED")",
        ].joined(separator: "\n")
    }

    private func tallyText(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key) \(count($0.value))" }.joined(separator: ", ")
    }

    private func count(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }
}
