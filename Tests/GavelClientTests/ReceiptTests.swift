import Foundation
import GavelClient
import GavelCore
import GavelCrypto
import GavelEntry
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

    @Test("a tampered amount, path, tree, signature and another key all fail, each named")
    func tampered() async throws {
        let (server, receipt, key) = try await Self.bidReceipt()
        let changedAmount = receipt.signedLine.replacingOccurrences(of: "amount=12000.00", with: "amount=12.00")
        #expect {
            try Receipt(parsing: changedAmount).verify(publicKey: key)
        } throws: { error in
            guard case ReceiptError.notCanonical(.broken) = error else { return false }
            return true
        }
        var signature = Base64.decode(receipt.signatureBase64)!
        signature[0] ^= 1
        let changedSignature = try Receipt(
            parsing: receipt.signedLine.replacingOccurrences(
                of: " sig=" + receipt.signatureBase64, with: " sig=" + Base64.encode(signature)))
        #expect(throws: ReceiptError.badSignature) { try changedSignature.verify(publicKey: key) }
        let otherKey = try Ed25519PrivateKey.generate().publicKey
        #expect(throws: ReceiptError.badSignature) { try receipt.verify(publicKey: otherKey) }
        let elsewhere = ReceiptTreeRange(first: receipt.seq + 1, last: receipt.seq + 1)
        let movedTree = try Receipt(
            parsing: receipt.signedLine.replacingOccurrences(of: " tree=\(receipt.tree) ", with: " tree=\(elsewhere) "))
        #expect(throws: ReceiptError.tree(.seqOutsideTree(seq: receipt.seq, elsewhere))) {
            try movedTree.verify(publicKey: key)
        }
        let extraStep = "L" + String(repeating: "0", count: 64)
        let longerPath = try Receipt(
            parsing: receipt.signedLine.replacingOccurrences(
                of: " path=\(receipt.path) ",
                with: " path=\(receipt.path.steps.isEmpty ? extraStep : "\(receipt.path),\(extraStep)") "))
        #expect(throws: ReceiptError.tree(.pathDoesNotFit(seq: receipt.seq, receipt.tree))) {
            try longerPath.verify(publicKey: key)
        }
        await server.stop()
    }

    @Test("a validly signed tree over a line that is not a canonical entry fails as notCanonical")
    func notCanonical() async throws {
        let key = try Ed25519PrivateKey.generate()
        let (server, receipt, _) = try await Self.bidReceipt()
        let reordered = receipt.canonicalLine.replacingOccurrences(of: " kind=bid", with: "") + " kind=bid"
        let range = ReceiptTreeRange(first: receipt.seq, last: receipt.seq)
        let signature = Base64.encode(key.signature(for: Array(range.head(rootHex: receipt.fields["hash"]!).utf8)))
        let forged = try Receipt(parsing: reordered + " tree=\(range) path=- sig=" + signature)
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
            "OK pong", "v=1 seq=1 hash=00", "v=1 seq=x kind=bid tree=1-1 path=- sig=AAAA",
            "v=1 seq=1 kind=bid tree=1-1 path=- sig=", "ERR SEALED no", "v=1 seq=1 kind=bid sig=AAAA",
            "v=1 seq=1 kind=bid path=- tree=1-1 sig=AAAA", "v=1 seq=1 kind=bid tree=1-1 path= sig=AAAA",
            "v=1 seq=1 kind=bid tree=0-1 path=- sig=AAAA", "v=1 seq=1 kind=bid tree=1-1025 path=- sig=AAAA",
            "v=1 seq=1 kind=bid tree=1-2 path=R00 sig=AAAA",
        ])
    func malformed(line: String) {
        #expect(throws: ReceiptError.self) { try Receipt(parsing: line) }
    }

    @Test("a receipt inside a longer text parses from its own bytes, whatever comes before and after")
    func parsesFromASubstring() throws {
        let line = "OK v=1 seq=8 at=x tree=8-9 path=R\(String(repeating: "0a", count: 32)) sig=AAAA"
        let text = "* PONG\n" + line + "\nOK v=1 seq=1 tree=1-1 path=- sig=BBBB"
        let slice = text.split(separator: "\n")[1]
        let receipt = try Receipt(parsing: slice)
        #expect(receipt == (try Receipt(parsing: line)))
        #expect(receipt.seq == 8 && receipt.tree == ReceiptTreeRange(first: 8, last: 9))
        #expect(receipt.path.steps.map(\.sibling) == [.right] && receipt.signatureBase64 == "AAAA")
        #expect(receipt.canonicalLine == "v=1 seq=8 at=x")
    }

    /// Found by `scripts/fuzz` with U+200D (Fuzz/regressions/FuzzLedgerRecord): cut after `sig=` by
    /// `Character`s, a combining mark or joiner that begins the signature went with the `=`.
    @Test("the signature is every byte after sig=")
    func signatureKeepsACombiningMark() throws {
        let line = "OK v=1 seq=8 at=x tree=8-8 path=- sig=\u{301}AAAA"
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
