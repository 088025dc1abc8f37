import GavelCrypto
import GavelEntry
import GavelPostgres

/// One statement that inserts a whole batch: eleven array parameters unnested into rows. One round trip
/// whatever the batch size, parsed once per session, and autocommit makes the statement its own transaction.
enum LedgerInsert {
    /// The name the statement is prepared under, once per session.
    static let name = "gavel_ledger_insert"
    static let sql = """
        INSERT INTO gavel_ledger (seq, at, kind, line, hash, round_id, bidder, handle, amount_cents,
            tree_first, tree_last)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
            $6::bigint[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::bigint[])
        """

    /// `trees` are the commit's receipt trees, which together hold every one of `records`.
    static func statement(for records: some Collection<LedgerRecord>, trees: [ReceiptTreeRange]) -> PostgresStatement {
        var columns = Array(repeating: ArrayLiteral(), count: 11)
        var treeIndex = 0
        for record in records {
            while treeIndex < trees.count, trees[treeIndex].last < record.entry.seq { treeIndex += 1 }
            precondition(
                treeIndex < trees.count && trees[treeIndex].contains(record.entry.seq),
                "every record of a commit is in one of its trees")
            let tree = trees[treeIndex]
            let row = LedgerRow(record.entry.event)
            columns[0].append(number: record.entry.seq)
            columns[1].append(text: record.entry.at.description)
            columns[2].append(text: record.entry.event.kind.rawValue)
            columns[3].append(text: record.line)
            columns[4].append(text: record.hash)
            columns[5].append(number: row.round?.value)
            columns[6].append(text: row.bidder?.name)
            columns[7].append(text: row.handle?.name)
            columns[8].append(number: row.amount?.cents)
            columns[9].append(number: tree.first)
            columns[10].append(number: tree.last)
        }
        return PostgresStatement(sql, parameters: columns.map { $0.text })
    }

    /// PostgreSQL's array input syntax: `{1,2}` and `{"a","b"}`, with `NULL` for a missing value. Written
    /// straight into one byte buffer per column: a String per element was a third of the writer thread's
    /// time under load.
    struct ArrayLiteral {
        private var bytes: [UInt8] = [UInt8(ascii: "{")]

        var text: String {
            var closed = bytes
            closed.append(UInt8(ascii: "}"))
            return String(decoding: closed, as: UTF8.self)
        }

        mutating func append(number: Int64?) {
            separate()
            guard let number else { return appendNull() }
            bytes.append(contentsOf: String(number).utf8)
        }

        mutating func append(text value: String?) {
            separate()
            guard let value else { return appendNull() }
            // Bytes, not Characters: canonical lines are ASCII, and grapheme breaking per character was
            // a visible share of the writer thread's time under load.
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func separate() {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        }

        private mutating func appendNull() {
            bytes.append(contentsOf: "NULL".utf8)
        }
    }
}
