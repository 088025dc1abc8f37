import GavelCore

/// One parsed command line, its arguments already in GavelCore's types. Whether the connection may
/// run it is `CommandAccess`'s question; whether the state allows it is `AuctionRules`'.
public enum Command: Hashable, Sendable {
    case auth(token: String)
    case ping
    case pubkey
    case help
    case quit
    case inquire(Handle)
    case rounds(RoundsFilter)
    case round(RoundID)
    case bid(RoundReference, amount: Money, ref: IdempotencyRef?)
    case withdraw(RoundReference, ref: IdempotencyRef?)
    /// `nil`: the bidder's live bids in every round.
    case myBids(RoundID?)
    case receipt(seq: Int64)
    case proof(RoundID)
    case watch(WatchTarget)
    case invoice
    case open(OpenRequest)
    case close(RoundID)
    /// `reason` is one word; `reason=-`, like no reason, is `nil`, as the ledger writes it.
    case cancel(RoundID, reason: String?)
    case extend(RoundID, byMilliseconds: Int64)
    case bids(RoundID)
    case bidderAdd(BidderName, verified: Bool, role: Role)
    case bidderVerify(BidderName)
    case bidderSuspend(BidderName)
    case handleSet(Handle, status: HandleStatus)
    case inquiries
    case settle(RoundID)
    case transfer(RoundID)
    case ledgerVerify
    case stats

    public var word: CommandWord {
        switch self {
        case .auth: .auth
        case .ping: .ping
        case .pubkey: .pubkey
        case .help: .help
        case .quit: .quit
        case .inquire: .inquire
        case .rounds: .rounds
        case .round: .round
        case .bid: .bid
        case .withdraw: .withdraw
        case .myBids: .myBids
        case .receipt: .receipt
        case .proof: .proof
        case .watch: .watch
        case .invoice: .invoice
        case .open: .open
        case .close: .close
        case .cancel: .cancel
        case .extend: .extend
        case .bids: .bids
        case .bidderAdd: .bidderAdd
        case .bidderVerify: .bidderVerify
        case .bidderSuspend: .bidderSuspend
        case .handleSet: .handleSet
        case .inquiries: .inquiries
        case .settle: .settle
        case .transfer: .transfer
        case .ledgerVerify: .ledgerVerify
        case .stats: .stats
        }
    }
}
