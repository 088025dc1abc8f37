import GavelCrypto
import GavelEntry
import GavelPostgres

/// One statement that inserts a whole batch: eleven array parameters unnested into rows, and beside them
/// the signatures of earlier commits' receipt trees (a commit's trees are signed while it runs, so the
/// next statement keeps them). One round trip whatever the batch size, parsed once per session, and
/// autocommit makes the statement its own transaction.
enum LedgerInsert {
    /// The name the statement is prepared under, once per session.
    static let name = "gavel_ledger_insert"
    static let sql = """
        WITH signatures AS (
            INSERT INTO gavel_tree_signatures (tree_first, tree_last, public_key, signature)
            SELECT first, last, $15::text, signature
            FROM unnest($12::bigint[], $13::bigint[], $14::text[]) AS signed (first, last, signature)
            ON CONFLICT (tree_first) DO NOTHING)
        INSERT INTO gavel_ledger (seq, at, kind, line, hash, round_id, bidder, handle, amount_cents,
            tree_first, tree_last)
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
            $6::bigint[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::bigint[])
        """

    /// `trees` are the commit's receipt trees, which together hold every one of `records`; `signatures`,
    /// of committed trees, are kept under `publicKey`. The columns go as binary arrays: PostgreSQL parsing
    /// them from text was a sixth of its backend's time per commit.
    static func parameters(
        for records: some Collection<LedgerRecord>, trees: [ReceiptTreeRange], keeping signatures: [SignedReceiptTree],
        publicKey: String?
    ) -> [[UInt8]?] {
        // Each column is allocated once, at its size; the short texts (kind, bidder, handle) are guessed at 16 bytes.
        let count = records.count
        let shortText = count * 16
        let lineBytes = records.reduce(0) { $0 + $1.line.utf8.count }
        var seqs = PostgresBinaryArray(of: .int8, count: count)
        var times = PostgresBinaryArray(of: .timestamptz, count: count)
        var kinds = PostgresBinaryArray(of: .text, count: count, textBytes: shortText)
        var lines = PostgresBinaryArray(of: .text, count: count, textBytes: lineBytes)
        var hashes = PostgresBinaryArray(of: .text, count: count, textBytes: count * 64)
        var rounds = PostgresBinaryArray(of: .int8, count: count)
        var bidders = PostgresBinaryArray(of: .text, count: count, textBytes: shortText)
        var handles = PostgresBinaryArray(of: .text, count: count, textBytes: shortText)
        var amounts = PostgresBinaryArray(of: .int8, count: count)
        var treeFirsts = PostgresBinaryArray(of: .int8, count: count)
        var treeLasts = PostgresBinaryArray(of: .int8, count: count)
        var treeIndex = 0
        for record in records {
            while treeIndex < trees.count, trees[treeIndex].last < record.entry.seq { treeIndex += 1 }
            precondition(
                treeIndex < trees.count && trees[treeIndex].contains(record.entry.seq),
                "every record of a commit is in one of its trees")
            let tree = trees[treeIndex]
            let row = LedgerRow(record.entry.event)
            seqs.append(record.entry.seq)
            times.append(millisecondsSinceEpoch: record.entry.at.millisecondsSinceEpoch)
            kinds.append(record.entry.event.kind.rawValue)
            lines.append(record.line)
            hashes.append(record.hash)
            rounds.append(row.round?.value)
            bidders.append(row.bidder?.name)
            handles.append(row.handle?.name)
            amounts.append(row.amount?.cents)
            treeFirsts.append(tree.first)
            treeLasts.append(tree.last)
        }
        var signedFirsts = PostgresBinaryArray(of: .int8, count: signatures.count)
        var signedLasts = PostgresBinaryArray(of: .int8, count: signatures.count)
        // A 64-byte Ed25519 signature is 88 characters of base64.
        var signatureTexts = PostgresBinaryArray(of: .text, count: signatures.count, textBytes: signatures.count * 88)
        if publicKey != nil {
            for signed in signatures {
                signedFirsts.append(signed.range.first)
                signedLasts.append(signed.range.last)
                signatureTexts.append(signed.signatureBase64)
            }
        }
        return [
            seqs.encoded(), times.encoded(), kinds.encoded(), lines.encoded(), hashes.encoded(), rounds.encoded(),
            bidders.encoded(), handles.encoded(), amounts.encoded(), treeFirsts.encoded(), treeLasts.encoded(),
            signedFirsts.encoded(), signedLasts.encoded(), signatureTexts.encoded(), publicKey.map { Array($0.utf8) },
        ]
    }
}
