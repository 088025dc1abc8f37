import GavelCore
import GavelLedger

/// What replaying a ledger up to its first broken entry gives: the state and records of the sound prefix,
/// and the break that ended it (`nil` when the whole ledger is sound).
struct ReplayedPrefix: Sendable {
    let state: AuctionState
    let records: [LedgerRecord]
    let broken: LedgerError?
}
