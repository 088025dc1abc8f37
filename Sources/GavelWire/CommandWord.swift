import GavelCore

/// Every command's name as PROTOCOL.md spells it (upper-case, sub-word included): what a client types,
/// what `HELP` lists, and the label metrics and logs use. The case order is HELP's row order.
public enum CommandWord: String, Sendable, CaseIterable {
    case auth = "AUTH"
    case ping = "PING"
    case pubkey = "PUBKEY"
    case help = "HELP"
    case quit = "QUIT"
    case inquire = "INQUIRE"
    case rounds = "ROUNDS"
    case round = "ROUND"
    case bid = "BID"
    case withdraw = "WITHDRAW"
    case myBids = "MYBIDS"
    case receipt = "RECEIPT"
    case proof = "PROOF"
    case watch = "WATCH"
    case invoice = "INVOICE"
    case open = "OPEN"
    case close = "CLOSE"
    case cancel = "CANCEL"
    case extend = "EXTEND"
    case bids = "BIDS"
    case bidderAdd = "BIDDER ADD"
    case bidderVerify = "BIDDER VERIFY"
    case bidderSuspend = "BIDDER SUSPEND"
    case handleSet = "HANDLE SET"
    case inquiries = "INQUIRIES"
    case settle = "SETTLE"
    case transfer = "TRANSFER"
    case ledgerVerify = "LEDGER VERIFY"
    case stats = "STATS"

    /// Whether the reply may read entries back from the ledger (those of finished rounds, or a receipt's
    /// tree no longer in memory): PostgreSQL's one reader serves every connection, so a server lets each
    /// connection wait on at most one such read at a time.
    public var mayReadLedger: Bool {
        switch self {
        case .receipt, .proof, .bids, .myBids, .ledgerVerify: true
        default: false
        }
    }

    /// Whether the reply grows with the auction's state (rows of rounds, bids, inquiries, payments, or a
    /// walk over the ledger): a server counts such a command as costly before its reply is built.
    public var growsWithState: Bool {
        switch self {
        case .rounds, .myBids, .bids, .proof, .invoice, .inquiries, .ledgerVerify: true
        default: false
        }
    }

    /// The `key=` options the command accepts, required or not. A command with options reads a
    /// `key=value` word where a positional argument belongs as that argument missing.
    var optionKeys: [String] {
        switch self {
        case .rounds: ["state"]
        case .bid, .withdraw: ["ref"]
        case .open: ["reserve", "duration", "closes", "opens", "format", "reserve_visibility"]
        case .cancel: ["reason"]
        case .bidderAdd: ["verified", "role"]
        case .handleSet: ["status"]
        default: []
        }
    }
}
