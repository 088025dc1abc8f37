/// A round ready to close: its result is fixed; the `close` entry still needs `bids_sha256`, which
/// the ledger computes from the counted bids' entry hashes.
public struct ClosePlan: Hashable, Sendable {
    public let round: RoundID
    public let handle: Handle
    public let result: RoundResult

    public func event(bidsSHA256: String) -> Event {
        .close(
            Event.RoundClosed(
                round: round, handle: handle, bids: result.bids, bidsSHA256: bidsSHA256, award: result.award))
    }
}
