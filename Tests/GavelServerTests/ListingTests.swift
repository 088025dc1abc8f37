import Foundation
import GavelCrypto
import GavelEntry
import Testing

@Suite("Listings, withdrawals and the proof of result")
struct ListingTests {
    @Test("ROUNDS filters by state; WITHDRAW removes a live bid; PROOF's hashes give bids_sha256")
    func listings() async throws {
        let harness = try await ServerHarness.start(ledger: InMemoryLedger())
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        let globex = try harness.bidder("globex", via: admin)
        _ = try admin.call("OPEN @one reserve=10000 duration=1h")
        _ = try admin.call("OPEN @two reserve=10000 duration=1h opens=2099-01-01T00:00:00.000Z")
        _ = try admin.call("OPEN @three reserve=10000 duration=1h")
        _ = try admin.call("CANCEL 3")
        let open = try acme.listing("ROUNDS")
        #expect(open.count == 2 && open[0].hasPrefix("= round=1 handle=one state=open format=first closes="))
        #expect(open.last == "OK count=1")
        #expect(try acme.listing("ROUNDS state=scheduled").first!.hasPrefix("= round=2 handle=two state=scheduled"))
        #expect(try acme.listing("ROUNDS state=cancelled").first!.hasPrefix("= round=3 "))
        #expect(try acme.listing("ROUNDS state=all").last == "OK count=3")
        #expect(try acme.call("ROUNDS state=bogus").hasPrefix("ERR SYNTAX"))
        let kept = try acme.call("BID @one 12000")
        let gone = try globex.call("BID 1 13000")
        let withdrawal = try globex.call("WITHDRAW @one ref=w1")
        #expect(withdrawal.field("kind") == "withdraw")
        #expect(withdrawal.field("replaces") == gone.field("seq"))
        #expect(try globex.call("WITHDRAW 1 ref=w1") == withdrawal)
        #expect(try globex.listing("MYBIDS 1") == ["OK count=0"])
        let close = try admin.call("CLOSE 1")
        #expect(close.field("winner") == "acme" && close.field("price") == "12000.00" && close.field("bids") == "1")
        let proof = try globex.listing("PROOF 1")
        #expect(proof.first == "= seq=\(kept.field("seq")!) hash=\(kept.field("hash")!)")
        let hashes = proof.dropLast().map { String($0.split(separator: "hash=")[1]) }
        #expect(LedgerRecord.bidsSHA256(hashes) == close.field("bids_sha256"))
        #expect(try globex.call("BIDS 1").hasPrefix("ERR FORBIDDEN"))
        await harness.stop()
    }
}
