import GavelCore

/// The auditor's check: recomputes every hash and the chain, refolds the state so every round's
/// result is recomputed from its bids, and checks each close's `bids_sha256` against the counted bids.
public struct LedgerVerifier {
    public struct Report: Hashable, Sendable {
        public let entries: Int64
        public let head: LedgerHead
    }

    private var state = AuctionState()
    /// Hashes of the bids that are live now; a close's `bids_sha256` is computed from them.
    private var liveBidHashes: [Int64: String] = [:]
    private var head = LedgerHead.empty

    public init() {}

    /// Checks a whole ledger; throws `broken` naming the first seq that is wrong. Pages are read ahead on
    /// `executor` (nil: Swift's shared pool).
    public static func verify(_ ledger: some Ledger, readAheadOn executor: (any TaskExecutor)? = nil)
        async throws(LedgerError) -> Report
    {
        var verifier = LedgerVerifier()
        for try await record in ledger.replay(readAheadOn: executor) {
            try verifier.check(record)
        }
        return Report(entries: verifier.head.seq, head: verifier.head)
    }

    /// Checks one record that follows the ones checked before.
    public mutating func check(_ record: LedgerRecord) throws(LedgerError) {
        let seq = record.entry.seq
        let next = try head.advanced(by: record)
        if case .close(let closed) = record.entry.event, let round = state.round(closed.round) {
            let counted = round.currentResult.countedSeqs
            let digest = LedgerRecord.bidsSHA256(counted.compactMap { liveBidHashes[$0] })
            guard counted.allSatisfy({ liveBidHashes[$0] != nil }), digest == closed.bidsSHA256 else {
                throw .broken(seq: seq, "bids_sha256 is not the hash of the round's counted bids")
            }
        }
        do {
            try state.apply(record.entry)
        } catch {
            throw .broken(seq: seq, error.message)
        }
        trackLiveBids(record)
        head = next
    }

    private mutating func trackLiveBids(_ record: LedgerRecord) {
        switch record.entry.event {
        case .bid(let bid):
            if let replaced = bid.replaces { liveBidHashes[replaced] = nil }
            liveBidHashes[record.entry.seq] = record.hash
        case .withdraw(let withdrawal):
            if let replaced = withdrawal.replaces { liveBidHashes[replaced] = nil }
        case .close(let closed):
            forgetBids(of: closed.round)
        case .cancel(let cancelled):
            forgetBids(of: cancelled.round)
        default:
            break
        }
    }

    private mutating func forgetBids(of id: RoundID) {
        guard let round = state.round(id) else { return }
        for seq in round.finalBidSeqs { liveBidHashes[seq] = nil }
    }
}
