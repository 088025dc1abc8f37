/// The ledger stopped during a commit and cannot say whether it happened. The command gets no reply:
/// its connection closes, and a client that retries with the same `ref` learns the truth.
struct CommitInDoubt: Error {}
