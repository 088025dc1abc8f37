import ArgumentParser
import Foundation

/// Writes a ledger of `--entries` entries as PostgreSQL `COPY ... FROM STDIN` text for `gavel_ledger`:
/// bidders, then rounds that each open, take bids and close, every entry folded through `AuctionState`
/// and encoded by `LedgerRecord` as gaveld writes it (salts from OpenSSL, one hash chain from seq 1,
/// receipt trees of `--tree` entries). `scripts/bench-restart` loads it to time a restart.
@main
struct LedgerFill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel-ledger-fill",
        abstract: "A ledger of closed rounds full of bids, as COPY text for gavel_ledger, on standard output.")

    static let columns = "seq, at, kind, line, hash, round_id, bidder, handle, amount_cents, tree_first, tree_last"

    @Option(help: "How many entries to write.")
    var entries = 1_000_000

    @Option(help: "How many verified bidders to add first.")
    var bidders = 1000

    @Option(help: "How many bid entries each round takes before it closes.")
    var bidsPerRound = 100

    @Option(help: "Entries per receipt tree (one group commit).")
    var tree = 32

    @Flag(help: "Print the column list COPY needs, and nothing else.")
    var printColumns = false

    func validate() throws {
        guard entries >= bidders + 2, bidders >= 1, bidsPerRound >= 1, (1...1024).contains(tree) else {
            throw ValidationError("need entries >= bidders + 2, bidders >= 1, bids-per-round >= 1, tree 1...1024")
        }
    }

    func run() throws {
        if printColumns {
            print(Self.columns)
            return
        }
        var writer = try FillWriter(entries: Int64(entries), treeSize: Int64(tree), bidders: bidders)
        try writer.addBidders()
        while writer.remaining >= 3 {
            try writer.runRound(bids: min(bidsPerRound, Int(writer.remaining) - 2))
        }
        while writer.remaining > 0 { try writer.addBidder() }
        writer.flush()
    }
}
