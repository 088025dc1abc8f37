public import GavelWire

extension Command {
    /// Whether sending the command twice does what sending it once does, so a client may send it again
    /// on another address when the connection dropped before the reply: a bid or withdrawal with a `ref`
    /// (the receipt comes back once), or a command that records nothing.
    public var isSafeToRepeat: Bool {
        switch self {
        case .bid(_, _, let ref), .withdraw(_, let ref): ref != nil
        case .ping, .pubkey, .help, .rounds, .round, .receipt, .proof, .myBids, .bids, .invoice, .inquiries, .stats,
            .ledgerVerify:
            true
        default: false
        }
    }
}
