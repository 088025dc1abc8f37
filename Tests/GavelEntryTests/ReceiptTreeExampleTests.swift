import Foundation
import GavelCrypto
import GavelEntry
import GavelWire
import Testing

/// PROTOCOL.md's worked example (`Tests/Fixtures/receipt-tree-example.txt`, a copy of the one beside the
/// protocol), rebuilt byte for byte from its key seed and entry lines.
@Suite("Receipt trees: the worked example")
struct ReceiptTreeExampleTests {
    struct Example {
        let keyBase64: String
        let seedHex: String
        let leaves: [String]
        let root: String
        let head: String
        let signature: String
        let receipts: [String]

        init() throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/receipt-tree-example.txt")
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
            func value(after prefix: String) throws -> String {
                let line = try #require(lines.first(where: { $0.hasPrefix(prefix) }), "a line starts with \(prefix)")
                return String(line.dropFirst(prefix.count))
            }
            keyBase64 = try value(after: "key=")
            seedHex = try value(after: "private key (Ed25519 seed, hex)=")
            leaves = lines.filter { $0.hasPrefix("  leaf seq=") }.map { String($0.suffix(64)) }
            root = String(try value(after: "  root ").suffix(64))
            head = "v=1 tree=" + (try value(after: "  v=1 tree="))
            signature = try value(after: "  sig=")
            receipts = lines.filter { $0.hasPrefix("OK v=1 ") }
        }
    }

    @Test("the root, every path, the signed head and the three receipt lines come out byte for byte")
    func rebuildsTheExample() throws {
        let example = try Example()
        #expect(example.leaves.count == 3 && example.receipts.count == 3)
        let seed = stride(from: 0, to: example.seedHex.count, by: 2).map { offset in
            let start = example.seedHex.index(example.seedHex.startIndex, offsetBy: offset)
            return UInt8(example.seedHex[start..<example.seedHex.index(start, offsetBy: 2)], radix: 16)!
        }
        let key = try Ed25519PrivateKey(rawRepresentation: seed)
        #expect(key.publicKey.base64SPKI == example.keyBase64)

        let entries = try example.receipts.map { line in
            try LedgerRecord(line: line.dropFirst("OK ".count).components(separatedBy: " tree=")[0])
        }
        // Each entry re-encodes from its decoded value (salt included) to the same line and hash.
        for (record, leaf) in zip(entries, example.leaves) {
            #expect(LedgerRecord(entry: record.entry, prev: record.prev) == record)
            #expect(record.hash == leaf)
            #expect(record.entry.salt != nil)
        }
        let range = ReceiptTreeRange(first: 1, last: 3)
        let tree = ReceiptTree(leafHashes: entries.map(\.hash))
        #expect(tree.rootHex == example.root)
        #expect(range.head(rootHex: tree.rootHex) == example.head)
        let signature = Base64.encode(key.signature(for: Array(example.head.utf8)))
        #expect(signature == example.signature)
        for (index, record) in entries.enumerated() {
            let proof = ReceiptProof(
                tree: range.description, path: tree.paths[index].description, signatureBase64: signature)
            let rendered = String(decoding: Reply.receipt(entry: record.line, proof: proof).bytes, as: UTF8.self)
            #expect(rendered == example.receipts[index] + "\n")
            let receipt = try Receipt(parsing: example.receipts[index])
            #expect(try receipt.verify(publicKey: key.publicKey) == record)
            #expect(receipt.signedLine == String(example.receipts[index].dropFirst("OK ".count)))
        }
    }
}
