import GavelCore
import GavelWire
import Testing

@Suite struct CommandParserErrorTests {
    @Test(arguments: ["", " ", "\t", "  \t  "])
    func blankLineIsEmpty(line: String) {
        #expect(parseError(line) == .syntax("empty line"))
    }

    @Test(arguments: [
        ("FROB", "FROB"), ("frob x y", "frob"), ("BIDS7", "BIDS7"), ("bıd 7 100", "bıd"), ("ＰＩＮＧ", "ＰＩＮＧ"),
        ("PING\u{A0}", "PING\u{A0}"), ("PING\r", "PING\r"), ("BIDDER FROB acme", "BIDDER FROB"),
        ("handle get acme", "handle get"), ("LEDGER CHECK", "LEDGER CHECK"),
    ])
    func unknownCommandNamesTheWord(line: String, word: String) {
        #expect(parseError(line) == .unknownCommand(word))
    }

    @Test(arguments: ["BIDDER", "HANDLE", "LEDGER", "bidder\t"])
    func familyWithoutSubWordIsSyntax(line: String) {
        #expect(parseError(line)?.code == .syntax)
    }

    /// Missing and extra arguments, malformed numbers, durations and times, and bad options.
    static let syntaxErrors = [
        "PING extra", "PUBKEY x", "HELP BID", "QUIT now", "AUTH", "AUTH a b",
        "INQUIRE", "INQUIRE a b",
        "ROUNDS open", "ROUNDS state=OPEN", "ROUNDS STATE=open", "ROUNDS state=open state=all", "ROUNDS state=",
        "ROUNDS =open", "ROUNDS state=bogus", "ROUNDS state=all x",
        "ROUND", "ROUND x", "ROUND -1", "ROUND +7", "ROUND 7.0", "ROUND 7 8",
        "ROUND 7 state=open",
        "BID", "BID 7", "BID 7 100 extra", "BID 7 100 ref=", "BID 7 100 ref=a b", "BID 7 100 ref=bad!",
        "BID 7 100 ref=a ref=b", "BID 7 100 foo=1", "BID 7 100 Ref=a", "BID 7 ref=a", "BID ref=a 100",
        "BID 7 100 ref=" + String(repeating: "r", count: 65),
        "WITHDRAW", "WITHDRAW 7 100", "WITHDRAW 7 ref=",
        "MYBIDS x", "MYBIDS 7 8",
        "RECEIPT", "RECEIPT 0", "RECEIPT abc", "RECEIPT 1 2", "RECEIPT -3",
        "PROOF", "PROOF x",
        "WATCH", "WATCH all acme",
        "INVOICE now",
        "OPEN", "OPEN acme", "OPEN acme reserve=10000", "OPEN acme duration=1h",
        "OPEN acme reserve=10000 duration=1h closes=2026-11-24T16:00:00Z",
        "OPEN acme reserve=10000 closes=2026-11-24T16:00:00Z duration=1h",
        "OPEN acme reserve=10000 duration=1x", "OPEN acme reserve=10000 duration=0h",
        "OPEN acme reserve=10000 duration=h",
        "OPEN acme reserve=10000 duration=3651d", "OPEN acme reserve=10000 closes=tomorrow",
        "OPEN acme reserve=10000 closes=2026-11-24", "OPEN acme reserve=10000 closes=2026-02-30T00:00:00Z",
        "OPEN acme reserve=10000 duration=1h opens=now", "OPEN acme reserve=10000 duration=1h format=third",
        "OPEN acme reserve=10000 duration=1h format=FIRST",
        "OPEN acme reserve=10000 duration=1h reserve_visibility=hidden",
        "OPEN reserve=10000 duration=1h", "OPEN acme extra reserve=10000 duration=1h",
        "OPEN acme reserve=10000 reserve=20000 duration=1h", "OPEN acme Reserve=10000 duration=1h",
        "OPEN acme reserve=10000 duration=1h duration=2h", "OPEN acme reserve=10000 duration=1h extra",
        "CLOSE", "CLOSE x", "CLOSE 7 now",
        "CANCEL", "CANCEL 7 reason=two words", "CANCEL 7 reason=", "CANCEL 7 reason=bad!", "CANCEL 7 why",
        "CANCEL 7 reason=a reason=b", "CANCEL 7 reason=" + String(repeating: "w", count: 65),
        "EXTEND", "EXTEND 7", "EXTEND 7 10", "EXTEND 7 1w", "EXTEND x 1h", "EXTEND 7 1h 2h", "EXTEND 7 -1h",
        "BIDS", "BIDS x",
        "BIDDER ADD", "BIDDER ADD Acme", "BIDDER ADD acme verified=maybe", "BIDDER ADD acme role=admin",
        "BIDDER ADD acme verified=YES", "BIDDER ADD acme extra", "BIDDER ADD acme verified=yes verified=no",
        "BIDDER ADD " + String(repeating: "n", count: 33),
        "BIDDER VERIFY", "BIDDER VERIFY a b", "BIDDER SUSPEND", "BIDDER SUSPEND a b", "BIDDER VERIFY bad!",
        "HANDLE SET", "HANDLE SET acme", "HANDLE SET acme status=gone", "HANDLE SET acme status=Active",
        "HANDLE SET acme active", "HANDLE SET acme status=active status=dormant", "HANDLE SET status=active",
        "INQUIRIES x", "SETTLE", "SETTLE x", "TRANSFER", "TRANSFER 7 8", "LEDGER VERIFY now", "STATS x",
    ]

    /// They failed FuzzCommandParser's round trip (Fuzz/regressions/FuzzCommandParser): they parsed, and
    /// rendered with a year `00-1` or `10000` that did not parse again.
    @Test(arguments: [
        "OPEN acme reserve=10000 closes=0000-01-01T00:00:00+00:01",
        "OPEN acme reserve=10000 closes=9999-12-31T23:59:59.999-00:01",
        "OPEN acme reserve=10000 duration=1h opens=0000-01-01T00:00:00.000+23:59",
    ])
    func timeOutsideFourDigitYearsIsSyntax(line: String) {
        #expect(parseError(line)?.code == .syntax)
    }

    @Test(arguments: syntaxErrors)
    func isSyntax(line: String) {
        #expect(parseError(line)?.code == .syntax)
    }

    /// Round 0 is a number, so it is one no round has, like a number too long for any round.
    @Test(arguments: ["ROUND 0", "BID 0 100", "WITHDRAW 0", "MYBIDS 0", "WATCH 0", "ROUND 99999999999999999999"])
    func roundNoRoundHasIsNotFound(line: String) {
        #expect(parseError(line)?.code == .notFound)
    }

    static let badHandles = [
        "INQUIRE bad-handle", "INQUIRE @", "INQUIRE abcdefghijklmnop", "INQUIRE @@acme", "INQUIRE ác",
        "BID b@d 100", "BID @ 100", "WITHDRAW a.b", "WATCH b@d", "OPEN b@d reserve=10000 duration=1h",
        "HANDLE SET b@d status=active",
    ]

    @Test(arguments: badHandles)
    func isBadHandle(line: String) {
        #expect(parseError(line)?.code == .badHandle)
    }

    static let badAmounts: [(String, AmountError)] = [
        ("BID 7 abc", .invalidCharacter("a")),
        ("BID 7 1.234", .tooManyDecimals),
        ("BID 7 0", .notPositive),
        ("BID 7 0.00", .notPositive),
        ("BID 7 -5", .sign),
        ("BID 7 +5", .sign),
        ("BID 7 .5", .leadingDot),
        ("BID 7 5.", .trailingDot),
        ("BID 7 1,000", .invalidCharacter(",")),
        ("BID 7 1e5", .invalidCharacter("e")),
        ("BID 7 1000000000.01", .aboveMaximum(Money.absoluteMaximum)),
        ("BID @acme 99999999999999999999", .aboveMaximum(Money.absoluteMaximum)),
        ("OPEN acme reserve=abc duration=1h", .invalidCharacter("a")),
        ("OPEN acme reserve= duration=1h", .empty),
    ]

    @Test(arguments: badAmounts)
    func isBadAmount(line: String, reason: AmountError) {
        #expect(parseError(line) == .badAmount(reason))
    }

    @Test(arguments: [
        [0x00], Array("PING\0".utf8), Array("BID 7 100\0".utf8), Array("\0PING".utf8),
    ])
    func nulByteIsSyntax(bytes: [UInt8]) {
        #expect(parseError(bytes) == .syntax("line contains a NUL byte"))
    }

    @Test(arguments: [
        [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80],
        Array("BID 7 ".utf8) + [0xE2, 0x82], Array("PING ".utf8) + [0xFE],
    ])
    func invalidUTF8IsSyntax(bytes: [UInt8]) {
        #expect(parseError(bytes) == .syntax("line is not valid UTF-8"))
    }

    /// The command word first, then the arguments left to right: the first failure is the one reported.
    @Test(arguments: [
        ("FROB b@d abc", ErrorCode.unknownCommand), ("BIDDER FROB B@D", .unknownCommand),
        ("BID b@d abc", .badHandle), ("BID 7 abc extra", .badAmount), ("BID 7 abc ref=bad!", .badAmount),
        ("BID 7 100 extra ref=bad!", .syntax), ("INQUIRE b@d extra", .badHandle),
        ("OPEN acme reserve=abc format=zzz", .badAmount), ("OPEN acme format=zzz reserve=abc", .syntax),
        ("OPEN b@d reserve=abc", .badHandle), ("OPEN acme reserve=abc", .badAmount),
        ("HANDLE SET b@d status=gone", .badHandle), ("BID 0 abc", .notFound), ("BID 7 ref=x abc", .syntax),
    ])
    func firstFailureWins(line: String, code: ErrorCode) {
        #expect(parseError(line)?.code == code)
    }

    @Test func syntaxMessageShowsTheUsage() {
        #expect(parseError("BID 7") == .syntax("missing <amount>; usage: BID <round-id|@handle> <amount> [ref=<id>]"))
        #expect(parseError("ROUND 7 8") == .syntax("unexpected argument '8'; usage: ROUND <round-id>"))
        #expect(parseError("BID 7 1 ref=a ref=b")?.message.hasPrefix("option ref= given twice; usage: BID") == true)
        #expect(parseError("BID 7 1 foo=1")?.message.hasPrefix("unknown option 'foo'; usage: BID") == true)
    }
}
