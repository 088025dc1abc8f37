import GavelCore

// Replies made of ledger entries: receipts (BID, WITHDRAW, CLOSE, CANCEL, EXTEND, RECEIPT), entry
// listings (MYBIDS, BIDS) and PROOF. The ledger writes the canonical text; these only frame it.
extension Reply {
    /// `OK <canonical entry> sig=<base64>`: the bytes from `v=` up to ` sig=` are exactly what was signed.
    public static func receipt(canonical: String, signatureBase64: String) -> Reply {
        var fields = Fields(verbatim: canonical)
        fields.append("sig", signatureBase64)
        return .ok(fields)
    }

    /// `OK <signed line>` for a receipt kept whole, `sig=` included.
    public static func receipt(signedLine: String) -> Reply {
        .ok(Fields(verbatim: signedLine))
    }

    /// `MYBIDS` and `BIDS`: one `= <canonical entry>` row per live bid, then `OK count=N`.
    public static func entries(_ canonicalLines: [String]) -> Reply {
        .listing(canonicalLines.map(Fields.init(verbatim:)))
    }

    /// `PROOF`: `= seq= hash=` per counted bid in seq order, then the close entry's receipt as the `OK` line.
    public static func proof(
        bids: [(seq: Int64, hashHex: String)], closeCanonical: String, signatureBase64: String
    ) -> Reply {
        var fields = Fields(verbatim: closeCanonical)
        fields.append("sig", signatureBase64)
        return .success(rows: bids.map { ["seq": $0.seq, "hash": $0.hashHex] }, fields: fields)
    }
}
