import GavelCrypto
import GavelLedger
import GavelTestSupport
import Testing

@Suite("round timers on a broken ledger")
struct BrokenLedgerTimerTests {
    @Test(
        """
        started with allow_broken_ledger on a ledger tampered with in PostgreSQL, the server reads a round whose \
        close time passed while it was down and tries no close
        """
    )
    func overdueRoundIsReadNotClosed() async throws {
        let database = try await TestDatabase.make(label: "broken_overdue")
        let key = try Ed25519PrivateKey.generate()
        let clock = ShiftedClock()
        var harness = try await ServerHarness.start(label: "", database: database, key: key, clock: clock)
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @tamper reserve=10000 duration=1h")
        _ = try admin.call("OPEN @soon reserve=10000 duration=2s")
        let seq = try #require(try acme.call("BID 1 15000.00 ref=a1").field("seq"))
        await harness.stop()

        try database.tamperWithLine(ofSeq: seq, replacing: "amount=15000.00", with: "amount=9000.00")
        let connection = try database.connect()
        let entries = try connection.query("SELECT count(*) FROM gavel_ledger").string(row: 0, column: 0)

        // Past @soon's close, without waiting for it.
        clock.advance(byMilliseconds: 3_000)
        let logs = LogWatch()
        harness = try await ServerHarness.start(
            ledger: try PostgresLedger(connectionString: database.connectionString), database: database, key: key,
            clock: clock, ledgerFailsOnPurpose: true, logs: logs
        ) { $0.allowBrokenLedger = true }
        let auditor = try harness.admin()
        let round = try auditor.call("ROUND 2")
        #expect(round.hasPrefix("OK round=2") && round.field("state") == "open", "\(round)")
        #expect(logs.hasLogged(containing: "LEDGER BROKEN at seq=\(seq)"))
        #expect(!logs.hasLogged(containing: "cannot close round"), "no close is tried on a broken ledger")
        #expect(try connection.query("SELECT count(*) FROM gavel_ledger").string(row: 0, column: 0) == entries)
        await harness.stop()
    }
}
