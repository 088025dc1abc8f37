import GavelCore
import GavelEntry
import Testing

@Suite("In-memory ledger")
struct InMemoryLedgerTests {
    @Test("records(seqs:) gives the chosen committed records in seq order, leaving out seqs it does not hold")
    func recordsBySeq() async throws {
        let ledger = InMemoryLedger()
        var head = LedgerHead.empty
        var records: [LedgerRecord] = []
        for index in 1...5 {
            let event = Event.handle(.init(handle: try Handle(parsing: "h\(index)"), status: .dormant))
            let entry = Entry(seq: head.seq + 1, at: Timestamp(millisecondsSinceEpoch: 1_795_536_000_000), event: event)
            let record = LedgerRecord(entry: entry, prev: head.hash)
            head = try head.advanced(by: record)
            records.append(record)
        }
        try await ledger.append(records)
        #expect(ledger.records(seqs: [4, 2, 0, 6]) == [records[1], records[3]])
        #expect(ledger.records(seqs: []).isEmpty)
        var replayed: [LedgerRecord] = []
        for try await record in ledger.replay(pageSize: 2) { replayed.append(record) }
        #expect(replayed == records, "a replay reading pages ahead still yields every record once, in order")
    }
}
