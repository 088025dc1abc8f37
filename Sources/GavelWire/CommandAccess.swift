import GavelCore

/// Who may run a command: the one place PROTOCOL.md's access rules live.
public enum CommandAccess: Hashable, Sendable {
    /// `AUTH`: only before authenticating; a connection changes identity by connecting again.
    case unauthenticatedOnly
    /// `PING`, `PUBKEY`, `HELP`, `QUIT`.
    case anyone
    /// Bidders and auctioneers alike.
    case authenticated
    case bidderOnly
    case auctioneerOnly

    public init(of word: CommandWord) {
        switch word {
        case .auth: self = .unauthenticatedOnly
        case .ping, .pubkey, .help, .quit: self = .anyone
        case .inquire, .rounds, .round, .receipt, .proof, .watch: self = .authenticated
        case .bid, .withdraw, .myBids, .invoice: self = .bidderOnly
        case .open, .close, .cancel, .extend, .bids, .bidderAdd, .bidderVerify, .bidderSuspend, .handleSet,
            .inquiries, .settle, .transfer, .ledgerVerify, .stats:
            self = .auctioneerOnly
        }
    }

    /// Whether a connection with this role (`nil` before `AUTH`) may run the command now.
    public func permits(_ role: Role?) -> Bool {
        switch self {
        case .unauthenticatedOnly: role == nil
        case .anyone: true
        case .authenticated: role != nil
        case .bidderOnly: role == .bidder
        case .auctioneerOnly: role == .auctioneer
        }
    }

    /// `AUTH_REQUIRED` before `AUTH`; `FORBIDDEN` for `AUTH` again or for the other role's commands.
    public static func authorize(_ word: CommandWord, role: Role?) throws(GavelError) {
        let access = CommandAccess(of: word)
        guard !access.permits(role) else { return }
        guard let role else { throw .authRequired }
        switch access {
        case .unauthenticatedOnly:
            let article = role == .auctioneer ? "an" : "a"
            throw .forbidden("already authenticated as \(article) \(role.rawValue); connect again to change identity")
        case .bidderOnly:
            throw .forbidden("\(word.rawValue) is for bidders")
        case .auctioneerOnly:
            throw .forbidden("\(word.rawValue) is for auctioneers")
        case .anyone, .authenticated:
            preconditionFailure("every authenticated role may run \(word.rawValue)")
        }
    }

    public static func authorize(_ command: Command, role: Role?) throws(GavelError) {
        try authorize(command.word, role: role)
    }
}
