import Foundation
import GavelCore
import GavelCrypto
import GavelEntry
import GavelTestSupport
import Testing

@Suite("Timed rounds, events, restart and receipts", .serialized)
struct RoundLifecycleTests {
    private static func isoIn(milliseconds: Int64) -> String {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return Timestamp(millisecondsSinceEpoch: now + milliseconds).description
    }

    @Test("a scheduled round opens and closes on time with OPENED and CLOSED events for watchers")
    func timedRound() async throws {
        let time = EngineTime()
        let harness = try await ServerHarness.start(label: "e2e_timed", time: time)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        let watcher = try harness.bidder("watcher", via: admin)
        #expect(try watcher.call("WATCH @acme") == "OK watching=@acme")
        #expect(try watcher.call("WATCH 9").hasPrefix("ERR NOT_FOUND"))
        let opens = time.clock.now().adding(milliseconds: 400)
        let closes = time.clock.now().adding(milliseconds: 1_200)
        let opened = try admin.call(
            "OPEN @acme reserve=10000 opens=\(opens) closes=\(closes) reserve_visibility=secret")
        #expect(opened.field("state") == "scheduled")
        #expect(opened.field("reserve") == nil)
        await time.advance(byMs: 399)
        #expect(try acme.call("BID 1 20000").hasPrefix("ERR ROUND_NOT_OPEN"))
        try watcher.send("PING\n")
        #expect(try watcher.readLine() == "OK pong", "no OPENED before the round's time")
        await time.advance(byMs: 1)
        #expect(try watcher.readLine() == "* OPENED round=1 handle=acme closes=\(opened.field("closes")!)")
        #expect(try acme.call("BID @acme 20000").field("kind") == "bid")
        await time.advance(byMs: 799)
        #expect(try admin.call("ROUND 1").field("state") == "open", "not closed before the round's time")
        await time.advance(byMs: 1)
        #expect(try watcher.readLine() == "* CLOSED round=1 handle=acme result=sold winner=acme price=20000.00")
        #expect(try acme.call("BID 1 30000").hasPrefix("ERR ROUND_CLOSED"))
        let round = try acme.call("ROUND 1")
        #expect(round.field("state") == "closed")
        #expect(round.field("result") == "sold")
        await harness.stop()
        await time.stop()
    }

    @Test("round timers fire on the timer_precision_ms grid, never before a round's time")
    func timerGrid() async throws {
        let time = EngineTime()
        let harness = try await ServerHarness.start(label: "e2e_timer_grid", time: time) {
            $0.timerPrecisionMs = 1_000
        }
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try acme.call("WATCH all")
        // 1 ms past a whole second: an exact timer would close the round at once, the grid a second later.
        let closes = Timestamp(millisecondsSinceEpoch: (time.clock.nowMs / 1_000 + 2) * 1_000 + 1)
        let opened = try admin.call("OPEN @acme reserve=10000 closes=\(closes)")
        #expect(opened.field("closes") == closes.description)
        #expect(try acme.readLine().hasPrefix("* OPENED round=1"))
        #expect(try acme.call("BID 1 20000").field("kind") == "bid")
        await time.advance(byMs: closes.millisecondsSinceEpoch - time.clock.nowMs)
        #expect(try admin.call("ROUND 1").field("state") == "open", "not closed at the round's exact time")
        await time.advance(byMs: 998)
        #expect(try admin.call("ROUND 1").field("state") == "open", "not closed before the grid's next mark")
        await time.advance(byMs: 1)
        #expect(try acme.readLine().hasPrefix("* CLOSED round=1 handle=acme result=sold"))
        let proof = try acme.listing("PROOF 1")
        let close = try #require(proof.last)
        #expect(close.field("kind") == "close")
        let closedAt = try #require(Timestamp(rfc3339: close.field("at") ?? ""))
        #expect(closedAt == closes.roundedUp(toMultipleOfMs: 1_000))
        await harness.stop()
        await time.stop()
    }

    @Test("EXTEND and CANCEL reply with receipts and tell watchers")
    func extendAndCancel() async throws {
        let harness = try await ServerHarness.start(label: "e2e_extend")
        let admin = try harness.admin()
        let watcher = try harness.bidder("watcher", via: admin)
        _ = try watcher.call("WATCH all")
        let opened = try admin.call("OPEN @acme reserve=10000 duration=1h")
        #expect(try watcher.readLine().hasPrefix("* OPENED round=1 handle=acme closes="))
        let extended = try admin.call("EXTEND 1 30m")
        #expect(extended.field("kind") == "extend")
        #expect(try watcher.readLine() == "* EXTENDED round=1 closes=\(extended.field("closes")!)")
        #expect(extended.field("closes") != opened.field("closes"))
        let cancelled = try admin.call("CANCEL 1 reason=typo")
        #expect(cancelled.field("kind") == "cancel" && cancelled.field("reason") == "typo")
        #expect(try watcher.readLine() == "* CANCELLED round=1 handle=acme")
        #expect(try admin.call("CLOSE 1").hasPrefix("ERR ROUND_NOT_OPEN"))
        #expect(try admin.call("PROOF 1").hasPrefix("ERR NOT_FOUND"))
        #expect(try admin.call("BIDS 1").hasPrefix("ERR SEALED"))
        await harness.stop()
    }

    @Test("after a restart every receipt is re-issued byte for byte, refs still hold, overdue rounds close")
    func restart() async throws {
        let database = try await TestDatabase.make(label: "e2e_restart")
        let key = try Ed25519PrivateKey.generate()
        let clock = ShiftedClock()
        var harness = try await ServerHarness.start(label: "", database: database, key: key, clock: clock)
        var admin = try harness.admin()
        let acmeToken = try admin.call("BIDDER ADD acme verified=yes").field("token")!
        let acme = try harness.client()
        _ = try acme.call("AUTH \(acmeToken)")
        _ = try admin.call("OPEN @acme reserve=10000 closes=\(Self.isoIn(milliseconds: 1500))")
        var receipts: [String] = []
        for index in 0..<5 { receipts.append(try acme.call("BID 1 \(20_000 + index) ref=r\(index)")) }
        await harness.stop()
        clock.advance(byMilliseconds: 1_600)
        harness = try await ServerHarness.start(label: "", database: database, key: key, clock: clock)
        admin = try harness.admin()
        for receipt in receipts {
            #expect(try admin.call("RECEIPT \(receipt.field("seq")!)") == receipt)
        }
        let round = try admin.call("ROUND 1")
        #expect(round.field("state") == "closed")
        #expect(round.field("price") == "20004.00")
        let again = try harness.client()
        _ = try again.call("AUTH \(acmeToken)")
        #expect(try again.call("BID 1 99999 ref=r2") == receipts[2])
        let token = try admin.call("BIDDER ADD later").field("token")!
        let later = try harness.client()
        _ = try later.call("AUTH \(token)")
        #expect(try later.call("INQUIRE acme") == "OK handle=acme status=sold round=1")
        await harness.stop()
    }

    @Test("a receipt verifies with the README's bash, sha256sum and openssl recipe; a changed one does not")
    func opensslVerifies() async throws {
        let harness = try await ServerHarness.start(label: "e2e_openssl")
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let greeting = try LineClient(port: harness.port).readLine()
        // One bid alone in its commit (path=-), then a burst whose receipts have longer paths.
        let receipt = try acme.call("BID @acme 25000")
        #expect(receipt.field("path") == "-")
        let outcome = try OpenSSLCheck.verify(session: [greeting, "OK bidder=acme role=bidder", receipt])
        #expect(outcome.status == 0 && outcome.output.contains("Signature Verified Successfully"), "\(outcome.output)")
        #expect(!outcome.output.contains("does not match"))

        let crowd = try (0..<8).map { index in try harness.bidder("crowd\(index)", via: admin) }
        for (index, bidder) in crowd.enumerated() { try bidder.send("BID @acme \(20_000 + index)\n") }
        let burst = try crowd.map { try $0.readLine() }
        for line in burst {
            let checked = try OpenSSLCheck.verify(session: [greeting, line])
            #expect(checked.status == 0, "\(line): \(checked.output)")
        }

        #expect(burst.contains { ($0.field("path")?.count ?? 0) > 65 }, "a burst shares a tree: \(burst)")
        _ = try admin.call("CLOSE 1")
        for line in burst + [receipt] {
            #expect(try admin.call("RECEIPT \(line.field("seq") ?? "")") == line, "RECEIPT repeats the receipt")
        }

        let forged = receipt.replacingOccurrences(of: "amount=25000.00", with: "amount=2500.00")
        let refused = try OpenSSLCheck.verify(session: [greeting, forged])
        #expect(refused.status != 0 && refused.output.contains("hash= does not match the entry"))
        await harness.stop()
    }
}
