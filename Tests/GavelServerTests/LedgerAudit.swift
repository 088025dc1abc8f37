import Foundation
import GavelClient
import GavelCrypto
import GavelEntry
import GavelPostgres
import Testing

/// The fault tests' verdict on what clients saw against what PostgreSQL holds (invariants 1, 2 and 7):
/// every receipt is in the ledger byte for byte and verifies (its tree path and signed head), no refused bid is, and every bid
/// left unanswered, retried with its ref, is there exactly once.
struct LedgerAudit {
    let connection: PostgresConnection
    let publicKey: Ed25519PublicKey

    /// `publicKeyBase64` is the server's key as HELLO and PUBKEY give it.
    init(connection: PostgresConnection, publicKeyBase64: String) throws {
        self.connection = connection
        publicKey = try Ed25519PublicKey(base64SPKI: publicKeyBase64)
    }

    /// Retries each unanswered ref as its bidder (`tokens` by the index in `seen`) on `port`, then checks
    /// every outcome against the ledger.
    func check(_ seen: [BidOutcomes], tokens: [String], round: Int, port: Int) throws {
        for (index, outcomes) in seen.enumerated() where !outcomes.unanswered.isEmpty {
            let client = try LineClient(port: port)
            _ = try client.readLine()
            _ = try client.call("AUTH \(tokens[index])")
            for ref in outcomes.unanswered.sorted() {
                let answer = try client.call("BID \(round) 99999 ref=\(ref)")
                #expect(answer.hasPrefix("OK") && answer.field("ref") == ref, "the retry of \(ref) gets its receipt")
            }
        }
        let lines = try ledgerLinesBySeq()
        var refCounts: [String: Int] = [:]
        for line in lines.values where line.contains(" kind=bid ") || line.contains(" kind=withdraw ") {
            if let ref = line.field("ref") { refCounts[ref, default: 0] += 1 }
        }
        let all = seen.reduce(into: BidOutcomes()) { $0.merge($1) }
        for (ref, line) in all.receipts {
            let receipt = try Receipt(parsing: line)
            #expect(lines[receipt.seq] == receipt.canonicalLine, "receipt \(ref) is in the ledger byte for byte")
            #expect(throws: Never.self, "receipt \(ref) verifies: hash, tree path and signed head") {
                try receipt.verify(publicKey: publicKey)
            }
            #expect(refCounts[ref] == 1, "receipt \(ref) is one entry")
        }
        for (ref, reply) in all.refused {
            #expect(refCounts[ref] == nil, "\(ref) got \(reply) and is not in the ledger")
        }
        for ref in all.unanswered {
            #expect(refCounts[ref] == 1, "\(ref), retried, is in the ledger exactly once")
        }
    }

    /// Every ledger line by seq, read straight from PostgreSQL.
    func ledgerLinesBySeq() throws -> [Int64: String] {
        let result = try connection.query("SELECT seq, line FROM gavel_ledger ORDER BY seq")
        var lines: [Int64: String] = [:]
        for row in 0..<result.rowCount {
            if let seq = try result.int64(row: row, column: 0), let line = result.string(row: row, column: 1) {
                lines[seq] = line
            }
        }
        return lines
    }

    /// The number of `close` entries of `round`.
    func closeEntries(of round: Int) throws -> Int {
        let result = try connection.query(
            "SELECT count(*) FROM gavel_ledger WHERE kind = 'close' AND round_id = $1", parameters: [String(round)])
        return Int(result.string(row: 0, column: 0) ?? "") ?? -1
    }
}
