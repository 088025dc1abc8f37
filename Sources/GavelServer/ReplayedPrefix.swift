import GavelCore
import GavelCrypto
import GavelEntry

/// What replaying a ledger up to its first broken entry gives: the state of the sound prefix, its head,
/// the records its live state needs, its receipt trees, and the break that ended it (`nil` when the whole
/// ledger is sound).
struct ReplayedPrefix: Sendable {
    let state: AuctionState
    let head: LedgerHead
    let liveRecords: LiveRecords
    var trees: [ReceiptTreeRange] = []
    let broken: LedgerError?
}
