import GavelCore

// Replies of the session commands: AUTH, PING, PUBKEY, HELP, QUIT and WATCH.
extension Reply {
    /// `AUTH`: `OK bidder=<name> role=bidder|auctioneer`.
    public static func authenticated(_ actor: Actor) -> Reply {
        .ok(["bidder": actor.name, "role": actor.role.rawValue])
    }

    /// `PING`: `OK pong`.
    public static let pong = Reply.ok(Fields(verbatim: "pong"))

    /// `QUIT`: `OK bye`; the server closes the connection after sending it.
    public static let bye = Reply.ok(Fields(verbatim: "bye"))

    /// `PUBKEY`: keys retired by rotation first, as `= key= from= until=` rows, then `OK alg=ed25519 key=`.
    public static func publicKey(base64 key: String, retired: [RetiredKey] = []) -> Reply {
        .success(
            rows: retired.map { ["key": $0.keyBase64, "from": $0.from, "until": $0.until] },
            fields: ["alg": "ed25519", "key": key])
    }

    /// `HELP`: one `= <COMMAND> <usage>` row per command the connection may run now, then `OK count=N`.
    public static func help(role: Role?) -> Reply {
        .listing(HelpText.rows(for: role))
    }

    /// `WATCH`: `OK watching=all|@<handle>|<round-id>`.
    public static func watching(_ target: WatchTarget) -> Reply {
        .ok(["watching": target])
    }
}
