import Foundation
import GavelEntry
import Testing

@Suite("a commit in doubt")
struct InDoubtCommitTests {
    /// What the server logs once its state is rebuilt from the ledger after a failed commit.
    static let rebuilt = "state rebuilt from the ledger"

    @Test(
        """
        a bid sent while another's commit is in doubt is refused at once with ERR UNAVAILABLE; the held one is \
        answered when the doubt clears, and the server records again
        """,
        .timeLimit(.minutes(1))
    )
    func refusalOvertakesHeldCommit() async throws {
        let ledger = InDoubtLedger()
        let logs = LogWatch()
        let harness = try await ServerHarness.start(ledger: ledger, ledgerFailsOnPurpose: true, logs: logs)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        let zeta = try harness.bidder("zeta", via: admin)
        _ = try admin.call("OPEN @doubt reserve=10000 duration=1h")
        ledger.appends.holdNext()
        try acme.send("BID 1 20000 ref=held\n")
        await ledger.appends.waitUntilHeld()
        #expect(try zeta.call("BID 1 30000 ref=refused").hasPrefix("ERR UNAVAILABLE"))
        ledger.release(committed: true)
        let held = try acme.readReply().last!
        #expect(held.hasPrefix("OK") && held.field("ref") == "held")
        await logs.message(containing: Self.rebuilt)
        let retried = try zeta.call("BID 1 30000 ref=refused")
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
        """,
        .timeLimit(.minutes(1))
    )
    func refusalWaitsForTheCommitItSaw() async throws {
        let ledger = InDoubtLedger()
        let logs = LogWatch()
        let harness = try await ServerHarness.start(ledger: ledger, ledgerFailsOnPurpose: true, logs: logs)
        let admin = try harness.admin()
        _ = try admin.call("OPEN @doubt reserve=10000 duration=1h")
        ledger.appends.holdNext()
        try admin.send("CLOSE 1\nCLOSE 1\n")
        await ledger.appends.waitUntilHeld()
        ledger.release(committed: false)
        #expect(try admin.readReply().last!.hasPrefix("ERR UNAVAILABLE"))
        #expect(try admin.readReply().last!.hasPrefix("ERR UNAVAILABLE"), "not ROUND_CLOSED: the close failed")
        await logs.message(containing: Self.rebuilt)
        #expect(try admin.call("ROUND 1").field("state") == "open")
        await harness.stop()
    }
}
