import GavelCore
import GavelWire
import Testing

func parse(_ line: String) throws(GavelError) -> Command { try Command(parsing: Array(line.utf8)) }

/// The error parsing `bytes` throws, or `nil` when it parses.
func parseError(_ bytes: [UInt8]) -> GavelError? {
    do {
        _ = try Command(parsing: bytes)
        return nil
    } catch {
        return error
    }
}

func parseError(_ line: String) -> GavelError? { parseError(Array(line.utf8)) }

@Suite struct CommandParserTests {
    static let closes = time("2026-11-24T16:00:00.000Z")
    static let opens = time("2026-11-23T16:00:00.000Z")

    /// At least one line per command, PROTOCOL.md's spelling first, then the variants it allows.
    static let parsed: [(String, Command)] = [
        ("AUTH s3cret-Token", .auth(token: "s3cret-Token")),
        ("auth YWJj+/ZGVm==", .auth(token: "YWJj+/ZGVm==")),
        ("PING", .ping),
        ("PUBKEY", .pubkey),
        ("HELP", .help),
        ("QUIT", .quit),
        ("INQUIRE @Acme", .inquire(handle("acme"))),
        ("INQUIRE acme_1", .inquire(handle("acme_1"))),
        ("INQUIRE 123", .inquire(handle("123"))),
        ("ROUNDS", .rounds(.state(.open))),
        ("ROUNDS state=open", .rounds(.state(.open))),
        ("ROUNDS state=scheduled", .rounds(.state(.scheduled))),
        ("ROUNDS state=closed", .rounds(.state(.closed))),
        ("ROUNDS state=cancelled", .rounds(.state(.cancelled))),
        ("ROUNDS state=all", .rounds(.all)),
        ("ROUND 7", .round(round(7))),
        ("ROUND 007", .round(round(7))),
        ("BID 7 25000", .bid(.id(round(7)), amount: dollars(25_000), ref: nil)),
        ("BID 7 25000.5", .bid(.id(round(7)), amount: Money(cents: 2_500_050), ref: nil)),
        (
            "BID @Acme 25000.00 ref=order-1_A",
            .bid(.handle(handle("acme")), amount: dollars(25_000), ref: ref("order-1_A"))
        ),
        ("BID acme 1000000000", .bid(.handle(handle("acme")), amount: Money.absoluteMaximum, ref: nil)),
        ("BID 123 100", .bid(.id(round(123)), amount: dollars(100), ref: nil)),
        ("BID @123 100", .bid(.handle(handle("123")), amount: dollars(100), ref: nil)),
        ("BID 12a 100", .bid(.handle(handle("12a")), amount: dollars(100), ref: nil)),
        ("WITHDRAW 7", .withdraw(.id(round(7)), ref: nil)),
        ("WITHDRAW @acme ref=x", .withdraw(.handle(handle("acme")), ref: ref("x"))),
        ("MYBIDS", .myBids(nil)),
        ("MYBIDS 7", .myBids(round(7))),
        ("RECEIPT 42", .receipt(seq: 42)),
        ("PROOF 7", .proof(round(7))),
        ("WATCH all", .watch(.all)),
        ("WATCH ALL", .watch(.all)),
        ("WATCH @all", .watch(.handle(handle("all")))),
        ("WATCH @Acme", .watch(.handle(handle("acme")))),
        ("WATCH acme", .watch(.handle(handle("acme")))),
        ("WATCH 7", .watch(.round(round(7)))),
        ("WATCH @7", .watch(.handle(handle("7")))),
        ("INVOICE", .invoice),
        (
            "OPEN @acme reserve=10000 duration=2h",
            .open(
                OpenRequest(handle: handle("acme"), reserve: dollars(10_000), closing: .after(milliseconds: 7_200_000)))
        ),
        (
            "OPEN Acme reserve=25000.00 closes=2026-11-24T16:00:00.000Z opens=2026-11-23T16:00:00Z format=second"
                + " reserve_visibility=secret",
            .open(
                OpenRequest(
                    handle: handle("acme"), reserve: dollars(25_000), closing: .at(closes), opens: opens,
                    format: .second,
                    reserveVisibility: .secret))
        ),
        (
            "OPEN acme reserve_visibility=public format=first duration=1d reserve=10000.10",
            .open(
                OpenRequest(
                    handle: handle("acme"), reserve: Money(cents: 1_000_010), closing: .after(milliseconds: 86_400_000))
            )
        ),
        (
            "OPEN acme duration=90s reserve=10000 opens=2026-11-23T17:00:00+01:00",
            .open(
                OpenRequest(
                    handle: handle("acme"), reserve: dollars(10_000), closing: .after(milliseconds: 90_000),
                    opens: opens))
        ),
        ("CLOSE 7", .close(round(7))),
        ("CANCEL 7", .cancel(round(7), reason: nil)),
        ("CANCEL 7 reason=fraud-suspected", .cancel(round(7), reason: "fraud-suspected")),
        ("CANCEL 7 reason=-", .cancel(round(7), reason: nil)),
        ("EXTEND 7 30m", .extend(round(7), byMilliseconds: 1_800_000)),
        ("EXTEND 7 45s", .extend(round(7), byMilliseconds: 45_000)),
        ("BIDS 7", .bids(round(7))),
        ("BIDDER ADD acme-corp", .bidderAdd(name("acme-corp"), verified: false, role: .bidder)),
        ("BIDDER ADD acme verified=yes role=auctioneer", .bidderAdd(name("acme"), verified: true, role: .auctioneer)),
        ("BIDDER ADD acme role=bidder verified=no", .bidderAdd(name("acme"), verified: false, role: .bidder)),
        ("BIDDER VERIFY acme-corp", .bidderVerify(name("acme-corp"))),
        ("BIDDER SUSPEND acme-corp", .bidderSuspend(name("acme-corp"))),
        ("HANDLE SET @Acme status=dormant", .handleSet(handle("acme"), status: .dormant)),
        ("HANDLE SET acme status=active", .handleSet(handle("acme"), status: .active)),
        ("HANDLE SET acme status=reserved", .handleSet(handle("acme"), status: .reserved)),
        ("INQUIRIES", .inquiries),
        ("SETTLE 7", .settle(round(7))),
        ("TRANSFER 7", .transfer(round(7))),
        ("LEDGER VERIFY", .ledgerVerify),
        ("STATS", .stats),
    ]

    @Test(arguments: parsed)
    func parses(line: String, command: Command) throws {
        #expect(try parse(line) == command)
    }

    @Test func everyCommandHasAParsedExample() {
        #expect(Set(Self.parsed.map(\.1.word)) == Set(CommandWord.allCases))
    }

    @Test(arguments: parsed)
    func renderedCommandParsesBack(line: String, command: Command) throws {
        var bytes: [UInt8] = []
        command.render(into: &bytes)
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(try Command(parsing: bytes.dropLast()) == command)
    }

    @Test func rendersTheCanonicalLine() throws {
        #expect(try parse("bid acme 25000.5 ref=r1").description == "BID @acme 25000.50 ref=r1")
        #expect(try parse("rounds").description == "ROUNDS state=open")
        #expect(
            try parse("open acme reserve=10000 duration=120m").description
                == "OPEN @acme reserve=10000.00 duration=2h format=first reserve_visibility=public")
        #expect(try parse("bidder add acme").description == "BIDDER ADD acme verified=no role=bidder")
        #expect(try parse("ping").description == "PING")
    }

    @Test(arguments: ["ping", "Ping", "pInG", "PING"])
    func commandWordIsCaseInsensitive(line: String) throws {
        #expect(try parse(line) == .ping)
    }

    @Test(arguments: ["bidder add acme", "Bidder Add acme", "BIDDER add acme", "bidder ADD acme"])
    func subWordIsCaseInsensitive(line: String) throws {
        #expect(try parse(line) == .bidderAdd(name("acme"), verified: false, role: .bidder))
    }

    @Test func everySubWordIsCaseInsensitive() throws {
        #expect(try parse("bidder verify acme") == .bidderVerify(name("acme")))
        #expect(try parse("Bidder Suspend acme") == .bidderSuspend(name("acme")))
        #expect(try parse("handle set acme status=active") == .handleSet(handle("acme"), status: .active))
        #expect(try parse("ledger verify") == .ledgerVerify)
    }

    @Test(arguments: [
        "BID 7 25000 ref=r", "  BID 7 25000 ref=r", "BID 7 25000 ref=r  ", "BID  7   25000    ref=r",
        "BID\t7\t25000\tref=r", "\t BID \t\t 7 \t 25000 ref=r\t", "bid 7 25000.00 ref=r",
    ])
    func wordsAreSeparatedByRunsOfSpacesAndTabs(line: String) throws {
        #expect(try parse(line) == .bid(.id(round(7)), amount: dollars(25_000), ref: ref("r")))
    }

    @Test func parsesAnyByteCollection() throws {
        let bytes = Array("xxPING yy".utf8)
        #expect(try Command(parsing: bytes[2..<6]) == .ping)
        #expect(try Command(parsing: "QUIT".utf8) == .quit)
    }

    @Test func wordNamesTheCommandForMetrics() throws {
        #expect(try parse("bidder add acme").word.rawValue == "BIDDER ADD")
        #expect(try parse("mybids").word.rawValue == "MYBIDS")
        #expect(Set(CommandWord.allCases.map(\.rawValue)).count == CommandWord.allCases.count)
    }
}
