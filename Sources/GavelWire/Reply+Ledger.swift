import GavelCore

// Replies of the auctioneer's audit commands: LEDGER VERIFY and STATS.
extension Reply {
    /// `LEDGER VERIFY` of a sound ledger: `OK entries=<n> head=<hex>`.
    public static func ledgerVerified(entries: Int64, headHex: String) -> Reply {
        .ok(["entries": entries, "head": headHex])
    }

    /// `LEDGER VERIFY` of a broken ledger: `ERR INTERNAL ledger broken at seq=<n>`.
    public static func ledgerBroken(atSeq seq: Int64) -> Reply {
        .failure(.internal("ledger broken at seq=\(seq)"))
    }

    /// `STATS`: `OK connections=<n> rounds_open=<n> bids=<n>`, then any further counters in `more`.
    /// `bids` counts the ledger's bid entries over all rounds: a per-round count would break the seal.
    public static func stats(connections: Int, roundsOpen: Int, bids: Int, more: Fields = Fields()) -> Reply {
        var fields: Fields = ["connections": connections, "rounds_open": roundsOpen, "bids": bids]
        fields.append(contentsOf: more)
        return .ok(fields)
    }
}
