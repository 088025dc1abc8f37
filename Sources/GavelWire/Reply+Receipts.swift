import GavelCore

// Replies made of ledger entries: receipts (BID, WITHDRAW, CLOSE, CANCEL, EXTEND, RECEIPT), entry
// listings (MYBIDS, BIDS) and PROOF. The ledger writes the entry's text and the signer its tree proof;
// these only frame them.
extension Reply {
    /// `OK <entry> tree=<first>-<last> path=<steps> sig=<base64>`: the bytes from `v=` up to ` tree=` are
    /// exactly the entry's ledger line.
    public static func receipt(entry: String, proof: ReceiptProof) -> Reply {
        .ok(proof.receiptFields(entry: entry))
    }

    /// `MYBIDS` and `BIDS`: one `= <entry>` row per live bid (no tree, path or sig), then `OK count=N`.
    public static func entries(_ entryLines: [String]) -> Reply {
        .listing(entryLines.map { Fields(verbatim: $0) })
    }

    /// `PROOF`: `= seq= hash=` per counted bid in seq order, then the close entry's receipt as the `OK` line.
    public static func proof(bids: [(seq: Int64, hashHex: String)], closeEntry: String, proof: ReceiptProof) -> Reply {
        .success(
            rows: bids.map { ["seq": $0.seq, "hash": $0.hashHex] },
            fields: proof.receiptFields(entry: closeEntry))
    }
}
