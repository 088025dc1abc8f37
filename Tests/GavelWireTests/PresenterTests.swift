import GavelCore
import GavelWire
import Testing

@Suite struct SessionReplyTests {
    @Test func authenticated() {
        #expect(
            text(Reply.authenticated(Actor(name: name("acme-corp"), role: .bidder)))
                == "OK bidder=acme-corp role=bidder\n")
        #expect(
            text(Reply.authenticated(Actor(name: name("admin"), role: .auctioneer)))
                == "OK bidder=admin role=auctioneer\n")
    }

    @Test func pingAndQuit() {
        #expect(text(Reply.pong) == "OK pong\n")
        #expect(text(Reply.bye) == "OK bye\n")
    }

    @Test func publicKey() {
        #expect(text(Reply.publicKey(base64: "MCowBQYDK2VwAyEA")) == "OK alg=ed25519 key=MCowBQYDK2VwAyEA\n")
    }

    @Test func publicKeyListsRetiredKeysFirst() {
        let retired = [
            RetiredKey(keyBase64: "OLD1", from: time("2026-01-01T00:00:00Z"), until: time("2026-06-01T00:00:00Z")),
            RetiredKey(keyBase64: "OLD2", from: time("2026-06-01T00:00:00Z"), until: time("2026-11-01T00:00:00Z")),
        ]
        #expect(
            text(Reply.publicKey(base64: "NEW", retired: retired))
                == "= key=OLD1 from=2026-01-01T00:00:00.000Z until=2026-06-01T00:00:00.000Z\n"
                + "= key=OLD2 from=2026-06-01T00:00:00.000Z until=2026-11-01T00:00:00.000Z\n"
                + "OK alg=ed25519 key=NEW\n")
    }

    @Test func watching() {
        #expect(text(Reply.watching(.all)) == "OK watching=all\n")
        #expect(text(Reply.watching(.handle(handle("@Acme")))) == "OK watching=@acme\n")
        #expect(text(Reply.watching(.round(round(7)))) == "OK watching=7\n")
    }
}

@Suite struct RoundReplyTests {
    @Test func openRoundWithPublicReserve() {
        var ledger = LedgerBuilder()
        let id = ledger.open("Acme", reserve: 25_000)
        #expect(
            text(Reply.round(ledger.round(id), at: ledger.now))
                == "OK round=1 handle=acme state=open format=first opens=2026-11-24T12:00:01.000Z"
                + " closes=2026-11-24T13:00:01.000Z reserve=25000.00\n")
    }

    @Test func openReplyListsOpensAndClosesRightAfterState() {
        var ledger = LedgerBuilder()
        let id = ledger.open("Acme", reserve: 25_000)
        #expect(
            text(Reply.opened(ledger.round(id), at: ledger.now))
                == "OK round=1 handle=acme state=open opens=2026-11-24T12:00:01.000Z"
                + " closes=2026-11-24T13:00:01.000Z format=first reserve=25000.00\n")
    }

    @Test func secretReserveIsNeverShown() {
        var ledger = LedgerBuilder()
        let id = ledger.open("acme", reserve: 25_000, visibility: .secret, format: .second)
        let line = text(Reply.round(ledger.round(id), at: ledger.now))
        #expect(
            line
                == "OK round=1 handle=acme state=open format=second opens=2026-11-24T12:00:01.000Z"
                + " closes=2026-11-24T13:00:01.000Z reserve_visibility=secret\n")
        #expect(!line.contains("25000"))
    }

    @Test func scheduledRound() {
        var ledger = LedgerBuilder()
        let id = ledger.open("acme", opensAfterMilliseconds: 86_400_000)
        #expect(text(Reply.round(ledger.round(id), at: ledger.now)).contains(" state=scheduled "))
    }

    @Test func stateFollowsTheClock() {
        var ledger = LedgerBuilder()
        let id = ledger.open("acme", opensAfterMilliseconds: 60_000)
        let round = ledger.round(id)
        #expect(Fields(round: round, at: round.opens.adding(milliseconds: -1)).description.contains("state=scheduled"))
        #expect(Fields(round: round, at: round.opens).description.contains("state=open"))
    }

    @Test func closedSoldRoundShowsItsResult() {
        var ledger = LedgerBuilder()
        ledger.addBidder("acme-corp")
        ledger.addBidder("beta-inc")
        let id = ledger.open("acme", reserve: 10_000, format: .second)
        ledger.bid(id, by: "acme-corp", 30_000)
        ledger.bid(id, by: "beta-inc", 20_000)
        ledger.close(id)
        #expect(
            text(Reply.round(ledger.round(id), at: ledger.now))
                == "OK round=1 handle=acme state=closed format=second opens=2026-11-24T12:00:03.000Z"
                + " closes=2026-11-24T13:00:03.000Z reserve=10000.00 result=sold bids=2 winner=acme-corp"
                + " price=20000.00\n")
    }

    @Test func closedUnsoldRound() {
        var ledger = LedgerBuilder()
        ledger.addBidder("acme-corp")
        let quiet = ledger.open("acme")
        let low = ledger.open("beta", reserve: 50_000, visibility: .secret)
        ledger.bid(low, by: "acme-corp", 20_000)
        ledger.close(quiet)
        ledger.close(low)
        #expect(
            text(Reply.round(ledger.round(quiet), at: ledger.now)).hasSuffix(" reserve=10000.00 result=unsold bids=0\n")
        )
        #expect(
            text(Reply.round(ledger.round(low), at: ledger.now))
                .hasSuffix(" reserve_visibility=secret result=unsold bids=1\n"))
    }

    @Test func cancelledRoundHasNoResult() {
        var ledger = LedgerBuilder()
        let id = ledger.open("acme")
        ledger.record(.cancel(Event.RoundCancelled(round: id, handle: handle("acme"), reason: nil)))
        let line = text(Reply.round(ledger.round(id), at: ledger.now))
        #expect(line.contains(" state=cancelled "))
        #expect(!line.contains("result="))
    }

    @Test func roundsListsOneRowPerRound() {
        var ledger = LedgerBuilder()
        _ = ledger.open("acme")
        _ = ledger.open("beta", visibility: .secret, format: .second, opensAfterMilliseconds: 60_000)
        #expect(
            text(Reply.rounds(ledger.state.rounds, at: ledger.now))
                == "= round=1 handle=acme state=open format=first closes=2026-11-24T13:00:01.000Z reserve=10000.00\n"
                + "= round=2 handle=beta state=scheduled format=second closes=2026-11-24T13:01:02.000Z"
                + " reserve_visibility=secret\n"
                + "OK count=2\n")
        #expect(text(Reply.rounds([], at: ledger.now)) == "OK count=0\n")
    }

    @Test func roundsFilterMatchesTheStateAtTheTime() {
        var ledger = LedgerBuilder()
        let open = ledger.open("acme")
        let scheduled = ledger.open("beta", opensAfterMilliseconds: 60_000)
        let rounds = ledger.state.rounds
        #expect(rounds.filter { RoundsFilter.default.includes($0, at: ledger.now) }.map(\.id) == [open])
        #expect(rounds.filter { RoundsFilter.state(.scheduled).includes($0, at: ledger.now) }.map(\.id) == [scheduled])
        #expect(rounds.filter { RoundsFilter.all.includes($0, at: ledger.now) }.count == 2)
        #expect(rounds.filter { RoundsFilter.state(.closed).includes($0, at: ledger.now) }.isEmpty)
    }

    static let availabilities: [(HandleAvailability, String)] = [
        (
            .auction(round: RoundID(7), closes: time("2026-11-24T16:00:00Z")),
            "OK handle=acme status=auction round=7 closes=2026-11-24T16:00:00.000Z"
        ),
        (.transferred(owner: name("acme-corp")), "OK handle=acme status=transferred owner=acme-corp"),
        (.sold(round: RoundID(7)), "OK handle=acme status=sold round=7"),
        (.available, "OK handle=acme status=available"),
        (.unavailable, "OK handle=acme status=unavailable"),
        (.pending, "OK handle=acme status=pending"),
        (.unknown, "OK handle=acme status=unknown"),
    ]

    @Test(arguments: availabilities)
    func inquiry(availability: HandleAvailability, line: String) {
        #expect(text(Reply.inquiry(handle("@ACME"), availability)) == line + "\n")
    }
}

@Suite struct AccountReplyTests {
    @Test func bidderAdded() {
        #expect(text(Reply.bidderAdded(name("acme-corp"), token: "gv_4f9a")) == "OK bidder=acme-corp token=gv_4f9a\n")
    }

    @Test func verification() {
        let verified = Event.BidderVerification(bidder: name("acme-corp"), verified: true)
        let suspended = Event.BidderVerification(bidder: name("acme-corp"), verified: false)
        #expect(text(Reply.verification(verified)) == "OK bidder=acme-corp verified=yes\n")
        #expect(text(Reply.verification(suspended)) == "OK bidder=acme-corp verified=no\n")
    }

    @Test(arguments: HandleStatus.allCases)
    func handleStatus(status: HandleStatus) {
        let event = Event.HandleStatusSet(handle: handle("Acme"), status: status)
        #expect(text(Reply.handleStatus(event)) == "OK handle=acme status=\(status.rawValue)\n")
    }

    @Test func inquiriesOldestFirst() {
        var ledger = LedgerBuilder()
        ledger.addBidder("acme-corp")
        ledger.addBidder("beta-inc")
        ledger.record(.inquiry(Event.InquiryRecorded(handle: handle("zeta"), bidder: name("beta-inc"))))
        ledger.record(.inquiry(Event.InquiryRecorded(handle: handle("alpha"), bidder: name("acme-corp"))))
        let pending = AuctionRules().pendingInquiries(in: ledger.state)
        #expect(
            text(Reply.inquiries(pending))
                == "= handle=zeta asked_by=beta-inc first_at=2026-11-24T12:00:03.000Z"
                + " answer_due=2026-11-27T12:00:03.000Z\n"
                + "= handle=alpha asked_by=acme-corp first_at=2026-11-24T12:00:04.000Z"
                + " answer_due=2026-11-27T12:00:04.000Z\n"
                + "OK count=2\n")
        #expect(text(Reply.inquiries([])) == "OK count=0\n")
    }
}

@Suite struct SettlementReplyTests {
    @Test func invoiceListsWonRoundsWithTheDiscount() {
        var ledger = LedgerBuilder()
        ledger.addBidder("acme-corp")
        let first = ledger.open("acme")
        let second = ledger.open("beta")
        ledger.bid(first, by: "acme-corp", 20_000)
        ledger.bid(second, by: "acme-corp", 30_000)
        ledger.close(first)
        ledger.close(second)
        let invoice = AuctionRules().invoice(for: name("acme-corp"), in: ledger.state)
        #expect(
            text(Reply.invoice(invoice))
                == "= round=1 handle=acme price=20000.00\n= round=2 handle=beta price=30000.00\n"
                + "OK handles=2 subtotal=50000.00 discount=2500.00 total=47500.00\n")
    }

    @Test func emptyInvoice() {
        let invoice = AuctionRules().invoice(for: name("acme-corp"), in: AuctionState())
        #expect(text(Reply.invoice(invoice)) == "OK handles=0 subtotal=0.00 discount=0.00 total=0.00\n")
    }

    @Test func settled() {
        let event = Event.RoundSettled(round: round(7), transferDue: time("2026-11-26T16:00:00Z"))
        #expect(text(Reply.settled(event)) == "OK round=7 transfer_due=2026-11-26T16:00:00.000Z\n")
    }

    @Test func transferred() {
        let event = Event.HandleTransferred(round: round(7), handle: handle("acme"), owner: name("acme-corp"))
        #expect(text(Reply.transferred(event)) == "OK round=7 handle=acme owner=acme-corp\n")
    }
}

@Suite struct ReceiptReplyTests {
    static let prev = String(repeating: "0", count: 64)
    static let hash = String(repeating: "ab", count: 32)
    /// PROTOCOL.md's example receipt, without `tree path sig`.
    static let canonical =
        "v=1 seq=42 at=2026-11-24T16:00:00.123Z kind=bid round=7 handle=acme bidder=acme-corp amount=25000.00 ref=-"
        + " salt=00112233445566778899aabbccddeeff prev=\(prev) hash=\(hash)"
    static let proof = ReceiptProof(tree: "41-44", path: "L\(prev),R\(hash)", signatureBase64: "c2lnbmF0dXJl+/==")

    @Test func receiptIsTheEntryThenItsTreePathAndSignature() {
        let reply = Reply.receipt(entry: Self.canonical, proof: Self.proof)
        #expect(
            text(reply)
                == "OK " + Self.canonical + " tree=41-44 path=L\(Self.prev),R\(Self.hash) sig=c2lnbmF0dXJl+/==\n")
    }

    @Test func entriesListOneRowPerEntry() {
        let other =
            "v=1 seq=43 at=2026-11-24T16:00:01.000Z kind=withdraw round=7 handle=acme bidder=acme-corp ref=-"
            + " replaces=42 prev=\(Self.hash) hash=\(Self.prev)"
        #expect(text(Reply.entries([Self.canonical, other])) == "= \(Self.canonical)\n= \(other)\nOK count=2\n")
        #expect(text(Reply.entries([])) == "OK count=0\n")
    }

    @Test func proofListsTheCountedBidsThenTheCloseReceipt() {
        let close =
            "v=1 seq=50 at=2026-11-24T16:00:00.000Z kind=close round=7 handle=acme result=sold bids=2"
            + " bids_sha256=\(Self.hash) winner=acme-corp price=25000.00 prev=\(Self.prev) hash=\(Self.hash)"
        let proof = ReceiptProof(tree: "50-50", path: "-", signatureBase64: "c2ln")
        let reply = Reply.proof(
            bids: [(seq: 42, hashHex: Self.hash), (seq: 45, hashHex: Self.prev)], closeEntry: close, proof: proof)
        #expect(
            text(reply)
                == "= seq=42 hash=\(Self.hash)\n= seq=45 hash=\(Self.prev)\nOK \(close) tree=50-50 path=- sig=c2ln\n")
    }

    @Test func proofOfARoundWithoutBids() {
        let proof = ReceiptProof(tree: "9-9", path: "-", signatureBase64: "c2ln")
        #expect(
            text(Reply.proof(bids: [], closeEntry: "v=1 seq=9", proof: proof))
                == "OK v=1 seq=9 tree=9-9 path=- sig=c2ln\n")
    }
}

@Suite struct LedgerReplyTests {
    @Test func ledgerVerified() {
        let head = String(repeating: "0f", count: 32)
        #expect(text(Reply.ledgerVerified(entries: 42, headHex: head)) == "OK entries=42 head=\(head)\n")
    }

    @Test func ledgerBroken() {
        #expect(text(Reply.ledgerBroken(atSeq: 17)) == "ERR INTERNAL ledger broken at seq=17\n")
    }

    @Test func stats() {
        #expect(
            text(Reply.stats(connections: 3, roundsOpen: 2, bids: 10)) == "OK connections=3 rounds_open=2 bids=10\n")
        #expect(
            text(Reply.stats(connections: 3, roundsOpen: 2, bids: 10, more: ["entries": 42, "uptime_s": 7]))
                == "OK connections=3 rounds_open=2 bids=10 entries=42 uptime_s=7\n")
    }
}
