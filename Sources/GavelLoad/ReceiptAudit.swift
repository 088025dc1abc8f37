import GavelClient
import GavelCore
import GavelCrypto
import GavelEntry
import GavelWire

/// The end-of-run checks, through the admin connection: every receipt a bidder got must be in the
/// ledger byte for byte (`RECEIPT <seq>` signs deterministically), and a sample must verify with the
/// HELLO key.
enum ReceiptAudit {
    static func run(
        receipts: [(seq: Int64, digest: LineDigest)], signatureSample: [String], rounds: [LoadRound],
        via admin: GavelConnection
    ) async throws -> ReceiptAuditResult {
        var result = ReceiptAuditResult()
        // An auctioneer may read a round's bids only once it has closed.
        try await closeOpenRounds(rounds, via: admin, into: &result)
        let expected = distinct(receipts, into: &result)
        try await readBack(expected, via: admin, into: &result)
        for line in signatureSample {
            do {
                try Receipt(parsing: line).verify(publicKey: admin.hello.publicKey)
                result.signaturesVerified += 1
            } catch {
                result.signatureFailures += 1
            }
        }
        return result
    }

    private static func closeOpenRounds(
        _ rounds: [LoadRound], via admin: GavelConnection, into result: inout ReceiptAuditResult
    ) async throws {
        let nowMs = WallClock.nowMs()
        let open = rounds.filter { $0.closesAtMs > nowMs }
        let limited = try await PacedSender(connection: admin).send(open.map { Command.close($0.id) }) { _, reply in
            switch reply {
            case .ok(let fields, _) where fields["kind"] == "close": result.roundsClosed += 1
            case .error(.roundClosed, _): break
            default: result.closeFailures += 1
            }
        }
        result.closeFailures += limited.count
    }

    /// One digest per seq; two different receipts with one seq are a mismatch already.
    private static func distinct(
        _ receipts: [(seq: Int64, digest: LineDigest)], into result: inout ReceiptAuditResult
    ) -> [(seq: Int64, digest: LineDigest)] {
        var bySeq: [Int64: LineDigest] = [:]
        bySeq.reserveCapacity(receipts.count)
        for (seq, digest) in receipts {
            if let earlier = bySeq.updateValue(digest, forKey: seq), earlier != digest { result.mismatched += 1 }
        }
        result.receipts = bySeq.count
        return bySeq.sorted { $0.key < $1.key }.map { (seq: $0.key, digest: $0.value) }
    }

    private static func readBack(
        _ expected: [(seq: Int64, digest: LineDigest)], via admin: GavelConnection,
        into result: inout ReceiptAuditResult
    ) async throws {
        let commands = expected.map { Command.receipt(seq: $0.seq) }
        let limited = try await PacedSender(connection: admin).send(commands) { index, reply in
            switch reply {
            case .ok(let fields, _):
                if LineDigest(fields.text) == expected[index].digest {
                    result.found += 1
                } else {
                    result.mismatched += 1
                }
            case .error(let code, _):
                result.missing[code.rawValue, default: 0] += 1
            }
        }
        if !limited.isEmpty { result.missing[ErrorCode.rateLimited.rawValue] = limited.count }
    }
}
