import GavelCore
import GavelEntry

/// The ledger records the engine keeps in memory (DESIGN.md invariant 11): every entry not yet committed,
/// and the committed bids that are live in an open or scheduled round (a close hashes them into its
/// `bids_sha256`, MYBIDS shows them). Everything else is read back from the ledger when asked, so memory
/// follows the live state, not the length of the ledger.
struct LiveRecords {
    private var bySeq: [Int64: LedgerRecord] = [:]

    var count: Int { bySeq.count }

    subscript(seq: Int64) -> LedgerRecord? { bySeq[seq] }

    /// A new entry, held until `settle` finds that nothing live needs it.
    mutating func insert(_ record: LedgerRecord) {
        bySeq[record.entry.seq] = record
    }

    /// Called once `record` is committed and folded into `state` (which may already hold later entries):
    /// drops the records no live state needs any more, this one included unless it is a live bid.
    mutating func settle(_ record: LedgerRecord, in state: AuctionState) {
        let seq = record.entry.seq
        switch record.entry.event {
        case .bid(let bid):
            if let replaced = bid.replaces { bySeq[replaced] = nil }
            if state.round(bid.round)?.liveBids[bid.bidder]?.seq != seq { bySeq[seq] = nil }
        case .withdraw(let withdrawal):
            if let replaced = withdrawal.replaces { bySeq[replaced] = nil }
            bySeq[seq] = nil
        case .close(let closed):
            forgetBids(of: closed.round, in: state)
            bySeq[seq] = nil
        case .cancel(let cancelled):
            forgetBids(of: cancelled.round, in: state)
            bySeq[seq] = nil
        default:
            bySeq[seq] = nil
        }
    }

    private mutating func forgetBids(of id: RoundID, in state: AuctionState) {
        guard let round = state.round(id) else { return }
        for seq in round.finalBidSeqs { bySeq[seq] = nil }
    }
}
