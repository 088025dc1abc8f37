import Foundation
import GavelTestSupport
import Testing

@Suite("gaveld verify-ledger")
struct VerifyLedgerCommandTests {
    private static func verifyLedger(_ databaseURL: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = GaveldProcess.executable
        process.arguments = ["verify-ledger", "--database", databaseURL]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("exits 0 on a sound ledger, 1 naming the first broken seq, 2 when it cannot read the ledger")
    func exitCodes() async throws {
        let harness = try await ServerHarness.start(label: "e2e_verify_command")
        let admin = try harness.admin()
        let acme = try harness.bidder("acme", via: admin)
        _ = try admin.call("OPEN @acme reserve=10000 duration=1h")
        let bid = try acme.call("BID 1 20000")
        _ = try admin.call("CLOSE 1")
        let database = harness.database!
        let sound = try Self.verifyLedger(database.connectionString)
        #expect(sound.status == 0)
        #expect(sound.output.contains("entries=4 "))
        try database.tamperWithLine(ofSeq: bid.field("seq")!, replacing: "amount=20000.00", with: "amount=10000.00")
        let broken = try Self.verifyLedger(database.connectionString)
        #expect(broken.status == 1)
        #expect(broken.output.contains("seq=\(bid.field("seq")!)"))
        let unreachable = try Self.verifyLedger("host=127.0.0.1 port=1 dbname=none connect_timeout=2")
        #expect(unreachable.status == 2)
        await harness.stop()
    }
}
