/// Told about every group commit a ledger makes, so the server can measure them without the ledger
/// depending on a metrics library. Called on the ledger's own thread once PostgreSQL has answered: it
/// must return quickly and never call back into the ledger.
public protocol LedgerCommitObserver: Sendable {
    /// A commit of the entries in `trees` succeeded after `duration` (the INSERT's round trip); hashing and
    /// signing the trees took `signingCPU` of the ledger thread's CPU time.
    func ledgerCommitted(trees: [AppendedTree], duration: Duration, signingCPU: Duration)
}
