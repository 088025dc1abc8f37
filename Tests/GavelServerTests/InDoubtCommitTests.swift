import Foundation
import GavelEntry
import Testing

@Suite("a commit in doubt")
struct InDoubtCommitTests {
    static let retryAttempts = 100

    @Test(
        """
        a bid sent while another's commit is in doubt is refused at once with ERR UNAVAILABLE; the held one is \
        answered when the doubt clears, and the server records again
        """
    )
    func refusalOvertakesHeldCommit() async throws {
        let ledger = InDoubtLedger()
        let harness = try await ServerHarness.start(ledger: ledger, ledgerFailsOnPurpose: true)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        let zeta = try harness.bidder("zeta", via: admin)
        _ = try admin.call("OPEN @doubt reserve=10000 duration=1h")
        ledger.holdNextAppend()
        try acme.send("BID 1 20000 ref=held\n")
        while !ledger.isHoldingAppend { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try zeta.call("BID 1 30000 ref=refused").hasPrefix("ERR UNAVAILABLE"))
        ledger.release(committed: true)
        let held = try acme.readReply().last!
        #expect(held.hasPrefix("OK") && held.field("ref") == "held")
        var retried = ""
        for _ in 0..<Self.retryAttempts {
            retried = try zeta.call("BID 1 30000 ref=refused")
            if retried.hasPrefix("OK") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(retried.hasPrefix("OK"), "the server records again once the state is rebuilt")
        let bids = ledger.inner.records(after: 0, limit: 100).filter { $0.line.contains(" kind=bid ") }
        #expect(bids.map { $0.line.field("ref") } == ["held", "refused"])
        #expect(try acme.call("RECEIPT \(held.field("seq")!)") == held)
        await harness.stop()
    }

    @Test(
        """
        an ERR decided against a change not yet committed waits for that commit: when the commit fails, the \
        command behind it gets ERR UNAVAILABLE, not an error caused by a change that never happened
        """
    )
    func refusalWaitsForTheCommitItSaw() async throws {
        let ledger = InDoubtLedger()
        let harness = try await ServerHarness.start(ledger: ledger, ledgerFailsOnPurpose: true)
        let admin = try harness.admin()
        _ = try admin.call("OPEN @doubt reserve=10000 duration=1h")
        ledger.holdNextAppend()
        try admin.send("CLOSE 1\nCLOSE 1\n")
        while !ledger.isHoldingAppend { try await Task.sleep(for: .milliseconds(10)) }
        ledger.release(committed: false)
        #expect(try admin.readReply().last!.hasPrefix("ERR UNAVAILABLE"))
        #expect(try admin.readReply().last!.hasPrefix("ERR UNAVAILABLE"), "not ROUND_CLOSED: the close failed")
        var reopened = ""
        for _ in 0..<Self.retryAttempts {
            reopened = try admin.call("ROUND 1")
            if reopened.hasPrefix("OK") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(reopened.field("state") == "open")
        await harness.stop()
    }
}
