import Foundation
import GavelClient
import GavelCore
import GavelCrypto
import GavelLedger
import Testing

@Suite("Receipts: parsing and verification")
struct ReceiptTests {
    @Test("a BID's receipt parses, verifies with the HELLO key, and decodes as the ledger entry")
    func verifies() async throws {
        let (server, receipt, key) = try await Self.bidReceipt()
        #expect(receipt.seq >= 1)
        #expect(receipt.signedLine.hasPrefix("v=1 seq=\(receipt.seq) "))
        #expect(try Receipt(parsing: "OK " + receipt.signedLine) == receipt)
        let record = try receipt.verify(publicKey: key)
        #expect(record.line == receipt.canonicalLine)
        #expect(record.entry.seq == receipt.seq)
        guard case .bid(let placed) = record.entry.event else { throw TestFailure("not a bid: \(record.line)") }
        #expect(placed.amount == Money(dollars: 12_000))
        await server.stop()
    }

    @Test("a tampered amount, a tampered signature and another key all fail")
    func tampered() async throws {
        let (server, receipt, key) = try await Self.bidReceipt()
        let changedAmount = receipt.signedLine.replacingOccurrences(of: "amount=12000.00", with: "amount=12.00")
        #expect(throws: ReceiptError.badSignature) { try Receipt(parsing: changedAmount).verify(publicKey: key) }
        var signature = Base64.decode(receipt.signatureBase64)!
        signature[0] ^= 1
        let changedSignature = try Receipt(parsing: receipt.canonicalLine + " sig=" + Base64.encode(signature))
        #expect(throws: ReceiptError.badSignature) { try changedSignature.verify(publicKey: key) }
        let otherKey = try Ed25519PrivateKey.generate().publicKey
        #expect(throws: ReceiptError.badSignature) { try receipt.verify(publicKey: otherKey) }
        await server.stop()
    }

    @Test("a validly signed line that is not a canonical entry fails as notCanonical")
    func notCanonical() async throws {
        let key = try Ed25519PrivateKey.generate()
        let (server, receipt, _) = try await Self.bidReceipt()
        let reordered = receipt.canonicalLine.replacingOccurrences(of: " kind=bid", with: "") + " kind=bid"
        let signature = Base64.encode(key.signature(for: Array(reordered.utf8)))
        let forged = try Receipt(parsing: reordered + " sig=" + signature)
        #expect {
            try forged.verify(publicKey: key.publicKey)
        } throws: { error in
            guard case ReceiptError.notCanonical = error else { return false }
            return true
        }
        await server.stop()
    }

    @Test(
        "lines that are not receipts are refused when parsed",
        arguments: [
            "OK pong", "v=1 seq=1 hash=00", "v=1 seq=x kind=bid sig=AAAA", "v=1 seq=1 kind=bid sig=", "ERR SEALED no",
        ])
    func malformed(line: String) {
        #expect(throws: ReceiptError.self) { try Receipt(parsing: line) }
    }

    /// Found by `scripts/fuzz` with U+200D (Fuzz/regressions/FuzzLedgerRecord): cut after `sig=` by
    /// `Character`s, a combining mark or joiner that begins the signature went with the `=`.
    @Test("the signature is every byte after sig=")
    func signatureKeepsACombiningMark() throws {
        let line = "OK v=1 seq=8 at=x sig=\u{301}AAAA"
        let receipt = try Receipt(parsing: line)
        #expect(receipt.signatureBase64 == "\u{301}AAAA")
        #expect(Array(receipt.signedLine.utf8) == Array(line.utf8.dropFirst(3)))
    }

    /// A server, one bid's receipt from it, and the HELLO key.
    static func bidReceipt() async throws -> (InProcessServer, Receipt, Ed25519PublicKey) {
        let server = try await InProcessServer.start()
        let admin = try await server.admin()
        let acme = try await server.bidder("acme", via: admin)
        _ = try await admin.send(.open(GavelConnectionTests.oneHourRound("acme")))
        let reply = try await acme.send(
            .bid(.handle(try Handle(parsing: "acme")), amount: Money(dollars: 12_000), ref: nil))
        return (server, try Receipt(reply), acme.hello.publicKey)
    }
}
