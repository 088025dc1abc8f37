import GavelEntry

/// Records waiting for the ledger's next commit, with the callback that answers their appender.
struct PendingAppend {
    let records: [LedgerRecord]
    let complete: Ledger.AppendCompletion
}
