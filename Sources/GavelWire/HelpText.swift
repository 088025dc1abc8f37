import GavelCore

/// Each command's usage as PROTOCOL.md writes it, for `HELP` and for `SYNTAX` messages.
public enum HelpText {
    /// The arguments after the command word; empty for a command without any.
    public static func usage(of word: CommandWord) -> String {
        switch word {
        case .auth: "<token>"
        case .ping, .pubkey, .help, .quit, .invoice, .inquiries, .ledgerVerify, .stats: ""
        case .inquire: "<handle>"
        case .rounds: "[state=open|scheduled|closed|cancelled|all]"
        case .round, .proof, .close, .bids, .settle, .transfer: "<round-id>"
        case .bid: "<round-id|@handle> <amount> [ref=<id>]"
        case .withdraw: "<round-id|@handle> [ref=<id>]"
        case .myBids: "[<round-id>]"
        case .receipt: "<seq>"
        case .watch: "<@handle|round-id|all>"
        case .open:
            "<@handle> reserve=<amount> (duration=<dur>|closes=<time>) [opens=<time>] [format=first|second]"
                + " [reserve_visibility=public|secret]"
        case .cancel: "<round-id> [reason=<word>]"
        case .extend: "<round-id> <dur>"
        case .bidderAdd: "<name> [verified=yes|no] [role=bidder|auctioneer]"
        case .bidderVerify, .bidderSuspend: "<name>"
        case .handleSet: "<@handle> status=dormant|active|reserved"
        }
    }

    /// `BID <round-id|@handle> <amount> [ref=<id>]`, or just `PING`.
    public static func line(of word: CommandWord) -> String {
        let usage = usage(of: word)
        return usage.isEmpty ? word.rawValue : word.rawValue + " " + usage
    }

    /// `HELP`'s rows: the commands a connection with this role (`nil` before `AUTH`) may run now.
    public static func rows(for role: Role?) -> [Fields] {
        switch role {
        case nil: rowsBeforeAuth
        case .bidder: bidderRows
        case .auctioneer: auctioneerRows
        }
    }

    // Built once: HELP is the largest reply a connection may ask for before AUTH, so it must not cost a
    // rendering of every usage per line.
    private static let rowsBeforeAuth = buildRows(for: nil)
    private static let bidderRows = buildRows(for: .bidder)
    private static let auctioneerRows = buildRows(for: .auctioneer)

    private static func buildRows(for role: Role?) -> [Fields] {
        CommandWord.allCases.filter { CommandAccess(of: $0).permits(role) }.map { Fields(verbatim: line(of: $0)) }
    }
}
