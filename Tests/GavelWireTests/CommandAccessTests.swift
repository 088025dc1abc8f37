import GavelCore
import GavelWire
import Testing

@Suite struct CommandAccessTests {
    static let beforeAuth: Set<CommandWord> = [.auth, .ping, .pubkey, .help, .quit]
    static let anyRole: Set<CommandWord> = [
        .ping, .pubkey, .help, .quit, .inquire, .rounds, .round, .receipt, .proof, .watch,
    ]
    static let bidderOnly: Set<CommandWord> = [.bid, .withdraw, .myBids, .invoice]
    static let auctioneerOnly: Set<CommandWord> = [
        .open, .close, .cancel, .extend, .bids, .bidderAdd, .bidderVerify, .bidderSuspend, .handleSet, .inquiries,
        .settle, .transfer, .ledgerVerify, .stats,
    ]

    @Test func everyCommandHasOneAccessRule() {
        let authenticatedOnly = Self.anyRole.subtracting(Self.beforeAuth)
        let groups =
            [[CommandWord.auth], Array(Self.anyRole.intersection(Self.beforeAuth)), Array(authenticatedOnly)]
            + [Array(Self.bidderOnly), Array(Self.auctioneerOnly)]
        #expect(groups.map(\.count).reduce(0, +) == CommandWord.allCases.count)
        #expect(Set(groups.joined()) == Set(CommandWord.allCases))
    }

    @Test(arguments: CommandWord.allCases)
    func beforeAuthOnlyTheSessionCommandsWork(word: CommandWord) {
        if Self.beforeAuth.contains(word) {
            #expect(throws: Never.self) { try CommandAccess.authorize(word, role: nil) }
        } else {
            #expect(authorizeError(word, nil) == .authRequired)
        }
    }

    @Test(arguments: CommandWord.allCases)
    func bidder(word: CommandWord) {
        if Self.anyRole.contains(word) || Self.bidderOnly.contains(word) {
            #expect(authorizeError(word, .bidder) == nil)
        } else {
            #expect(authorizeError(word, .bidder)?.code == .forbidden)
        }
    }

    @Test(arguments: CommandWord.allCases)
    func auctioneer(word: CommandWord) {
        if Self.anyRole.contains(word) || Self.auctioneerOnly.contains(word) {
            #expect(authorizeError(word, .auctioneer) == nil)
        } else {
            #expect(authorizeError(word, .auctioneer)?.code == .forbidden)
        }
    }

    @Test func authAgainIsForbidden() {
        #expect(
            authorizeError(.auth, .bidder)
                == .forbidden("already authenticated as a bidder; connect again to change identity"))
        #expect(
            authorizeError(.auth, .auctioneer)
                == .forbidden("already authenticated as an auctioneer; connect again to change identity"))
    }

    @Test func forbiddenSaysWhoMayRunIt() {
        #expect(authorizeError(.open, .bidder) == .forbidden("OPEN is for auctioneers"))
        #expect(authorizeError(.bid, .auctioneer) == .forbidden("BID is for bidders"))
        #expect(authorizeError(.bidderAdd, .bidder) == .forbidden("BIDDER ADD is for auctioneers"))
    }

    @Test func parsedCommandsAreAuthorizedByTheirWord() throws {
        let bid = try Command(parsing: Array("BID 7 100".utf8))
        #expect(throws: GavelError.authRequired) { try CommandAccess.authorize(bid, role: nil) }
        #expect(throws: GavelError.forbidden("BID is for bidders")) {
            try CommandAccess.authorize(bid, role: .auctioneer)
        }
        #expect(throws: Never.self) { try CommandAccess.authorize(bid, role: .bidder) }
    }

    private func authorizeError(_ word: CommandWord, _ role: Role?) -> GavelError? {
        do {
            try CommandAccess.authorize(word, role: role)
            return nil
        } catch {
            return error
        }
    }
}
