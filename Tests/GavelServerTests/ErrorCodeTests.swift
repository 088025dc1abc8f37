import Foundation
import GavelEntry
import GavelPostgres
import Testing

@Suite("Every error code over the wire", .serialized)
struct ErrorCodeTests {
    @Test("SYNTAX, BAD_HANDLE, BAD_AMOUNT, NOT_VERIFIED, CONFLICT, NOT_FOUND and the inquiry queue")
    func codes() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let admin = try harness.admin()
        let pending = try harness.bidder("pending", via: admin, verified: false)
        let acme = try harness.bidder("acme", via: admin)
        #expect(try admin.call("OPEN @acme reserve=10000").hasPrefix("ERR SYNTAX"))
        #expect(
            try admin.call("OPEN @acme reserve=10000 duration=1h closes=2030-01-01T00:00:00.000Z").hasPrefix(
                "ERR SYNTAX"))
        #expect(try admin.call("OPEN @acme reserve=10000 closes=2020-01-01T00:00:00.000Z").hasPrefix("ERR SYNTAX"))
        #expect(try admin.call("OPEN @ac-me reserve=10000 duration=1h").hasPrefix("ERR BAD_HANDLE"))
        #expect(try admin.call("OPEN @acme reserve=9999.99 duration=1h").hasPrefix("ERR BAD_AMOUNT"))
        #expect(try admin.call("OPEN @acme reserve=1e5 duration=1h").hasPrefix("ERR BAD_AMOUNT"))
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        #expect(try admin.call("OPEN @ACME reserve=10000 duration=1h").hasPrefix("ERR CONFLICT"))
        #expect(try admin.call("BIDDER ADD acme").hasPrefix("ERR CONFLICT"))
        #expect(try admin.call("BIDDER ADD Acme").hasPrefix("ERR SYNTAX"))
        #expect(try pending.call("BID 1 20000").hasPrefix("ERR NOT_VERIFIED"))
        #expect(try admin.call("BIDDER VERIFY pending") == "OK bidder=pending verified=yes")
        #expect(try pending.call("BID 1 20000").field("kind") == "bid")
        #expect(try admin.call("BIDDER SUSPEND pending") == "OK bidder=pending verified=no")
        #expect(try pending.call("WITHDRAW 1").hasPrefix("ERR NOT_VERIFIED"))
        #expect(try acme.call("BID 1 -5").hasPrefix("ERR BAD_AMOUNT"))
        #expect(try acme.call("BID 1 1000000000.01").hasPrefix("ERR BAD_AMOUNT"))
        #expect(try acme.call("ROUND 1x").hasPrefix("ERR SYNTAX"))
        #expect(try acme.call("BID @nobody 20000").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("WITHDRAW 1").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("ROUND 42").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("RECEIPT 999").hasPrefix("ERR NOT_FOUND"))
        #expect(try admin.call("BIDDER VERIFY ghost").hasPrefix("ERR NOT_FOUND"))
        #expect(try acme.call("INQUIRE @Dormant") == "OK handle=dormant status=pending")
        #expect(try admin.call("INQUIRE someother") == "OK handle=someother status=unknown")
        let queue = try admin.listing("INQUIRIES")
        #expect(queue.count == 2 && queue[0].hasPrefix("= handle=dormant asked_by=acme first_at="))
        #expect(try admin.call("HANDLE SET @dormant status=dormant") == "OK handle=dormant status=dormant")
        #expect(try admin.listing("INQUIRIES") == ["OK count=0"])
        #expect(try acme.call("INQUIRE dormant") == "OK handle=dormant status=available")
        await harness.stop()
    }

    @Test("LEDGER VERIFY names the first broken seq as INTERNAL")
    func brokenLedger() async throws {
        let harness = try await ServerHarness.start(label: "e2e_broken")
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let bid = try acme.call("BID 1 20000")
        let seq = bid.field("seq")!
        #expect(try admin.call("LEDGER VERIFY") == "OK entries=\(seq) head=\(bid.field("hash")!)")
        try harness.database!.tamperWithLine(ofSeq: seq, replacing: "20000.00", with: "2000.00")
        #expect(try admin.call("LEDGER VERIFY") == "ERR INTERNAL ledger broken at seq=\(seq)")
        await harness.stop()
    }
}
