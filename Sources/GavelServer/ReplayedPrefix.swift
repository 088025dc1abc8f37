import GavelCore
import GavelCrypto
import GavelEntry

/// What replaying a ledger up to its first broken entry gives: the state, records and receipt trees of
/// the sound prefix, and the break that ended it (`nil` when the whole ledger is sound).
struct ReplayedPrefix: Sendable {
    let state: AuctionState
    let records: [LedgerRecord]
    var trees: [ReceiptTreeRange] = []
    let broken: LedgerError?
}
