import GavelCore
import GavelEntry

/// `count` chained `handle` entries from seq 1, all at one time: a commit as big as a test needs.
func handleRecords(_ count: Int) throws -> [LedgerRecord] {
    var head = LedgerHead.empty
    let at = Timestamp(rfc3339: "2026-11-24T16:00:00.000Z")!
    return try (1...count).map { (index: Int) throws -> LedgerRecord in
        let event = Event.handle(.init(handle: try Handle(parsing: "h\(index)"), status: .dormant))
        let record = LedgerRecord(entry: Entry(seq: head.seq + 1, at: at, event: event), prev: head.hash)
        head = try head.advanced(by: record)
        return record
    }
}
