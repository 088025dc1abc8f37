import GavelCore
import GavelWire
import Testing

@Suite struct HelpTextTests {
    @Test func beforeAuthHelpListsTheSessionCommands() {
        #expect(
            text(Reply.help(role: nil))
                == "= AUTH <token>\n= PING\n= PUBKEY\n= HELP\n= QUIT\nOK count=5\n")
    }

    @Test func bidderHelp() {
        let expected = [
            "= PING", "= PUBKEY", "= HELP", "= QUIT", "= INQUIRE <handle>",
            "= ROUNDS [state=open|scheduled|closed|cancelled|all]", "= ROUND <round-id>",
            "= BID <round-id|@handle> <amount> [ref=<id>]", "= WITHDRAW <round-id|@handle> [ref=<id>]",
            "= MYBIDS [<round-id>]", "= RECEIPT <seq>", "= PROOF <round-id>", "= WATCH <@handle|round-id|all>",
            "= INVOICE", "OK count=14",
        ]
        #expect(text(Reply.help(role: .bidder)) == expected.joined(separator: "\n") + "\n")
    }

    @Test func auctioneerHelp() {
        let expected = [
            "= PING", "= PUBKEY", "= HELP", "= QUIT", "= INQUIRE <handle>",
            "= ROUNDS [state=open|scheduled|closed|cancelled|all]", "= ROUND <round-id>", "= RECEIPT <seq>",
            "= PROOF <round-id>", "= WATCH <@handle|round-id|all>",
            "= OPEN <@handle> reserve=<amount> (duration=<dur>|closes=<time>) [opens=<time>] [format=first|second]"
                + " [reserve_visibility=public|secret]",
            "= CLOSE <round-id>", "= CANCEL <round-id> [reason=<word>]", "= EXTEND <round-id> <dur>",
            "= BIDS <round-id>",
            "= BIDDER ADD <name> [verified=yes|no] [role=bidder|auctioneer]", "= BIDDER VERIFY <name>",
            "= BIDDER SUSPEND <name>", "= HANDLE SET <@handle> status=dormant|active|reserved", "= INQUIRIES",
            "= SETTLE <round-id>", "= TRANSFER <round-id>", "= LEDGER VERIFY", "= STATS", "OK count=24",
        ]
        #expect(text(Reply.help(role: .auctioneer)) == expected.joined(separator: "\n") + "\n")
    }

    @Test(arguments: [nil, Role.bidder, .auctioneer])
    func helpListsExactlyTheCommandsThatAreAllowed(role: Role?) {
        let listed = HelpText.rows(for: role).map(\.description)
        let allowed = CommandWord.allCases.filter { (try? CommandAccess.authorize($0, role: role)) != nil }
        #expect(listed == allowed.map(HelpText.line(of:)))
    }

    @Test(arguments: CommandWord.allCases)
    func rowStartsWithTheCommandWordAndHasNoTrailingSpace(word: CommandWord) {
        #expect(HelpText.line(of: word).hasPrefix(word.rawValue))
        #expect(!HelpText.line(of: word).hasSuffix(" "))
    }
}
