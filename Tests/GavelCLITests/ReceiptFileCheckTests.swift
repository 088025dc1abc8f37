import Foundation
import GavelCLI
import GavelCore
import GavelCrypto
import GavelEntry
import Testing

@Suite("verify-receipt offline checks")
struct ReceiptFileCheckTests {
    /// A well-signed receipt whose entry's hash is not its own, or whose fields are out of order, is invalid.
    @Test(
        "a correctly signed but non-canonical entry is rejected, naming the hash when that is what is wrong",
        arguments: [
            (
                "v=1 seq=1 at=2026-11-24T16:00:00.123Z kind=handle handle=acme status=dormant prev=\(zeros) hash=\(zeros)",
                "invalid: hash= does not match the entry"
            ),
            (
                "v=1 seq=1 kind=handle at=2026-11-24T16:00:00.123Z handle=acme status=dormant prev=\(zeros) hash=\(zeros)",
                "invalid: not a canonical ledger entry"
            ),
        ])
    func nonCanonical(line: String, expected: String) throws {
        let key = try Ed25519PrivateKey.generate()
        let head = ReceiptTreeRange(first: 1, last: 1).head(rootHex: zeros)
        let signed = "OK \(line) tree=1-1 path=- sig=" + Base64.encode(key.signature(for: Array(head.utf8)))
        let output = try Self.check(signed, key: key.publicKey)
        #expect(output.first?.hasPrefix(expected) == true, "\(output)")
    }

    @Test("a receipt checked against the tree names the key and tree; each broken part is named")
    func namesWhatFailed() throws {
        let key = try Ed25519PrivateKey.generate()
        let entry = LedgerRecord(
            entry: Entry(
                seq: 2, at: Timestamp(rfc3339: "2026-11-24T16:00:00.123Z")!,
                event: .handle(.init(handle: try Handle(parsing: "acme"), status: .dormant))),
            prev: zeros)
        let leaves = [String(repeating: "a", count: 64), entry.hash, String(repeating: "b", count: 64)]
        let tree = ReceiptTree(leafHashes: leaves)
        let range = ReceiptTreeRange(first: 1, last: 3)
        let signature = Base64.encode(key.signature(for: Array(range.head(rootHex: tree.rootHex).utf8)))
        let path = tree.paths[1].description
        let valid = "OK \(entry.line) tree=1-3 path=\(path) sig=\(signature)"
        #expect(
            try Self.check(valid, key: key.publicKey) == [
                "valid seq=2 kind=handle tree=1-3 key=\(key.publicKey.fingerprint)"
            ])

        let swapped = path.replacingOccurrences(of: "L", with: "X").replacingOccurrences(of: "R", with: "L")
            .replacingOccurrences(of: "X", with: "R")
        let cases = [
            (valid.replacingOccurrences(of: "acme", with: "acmf"), "invalid: hash= does not match the entry"),
            (
                valid.replacingOccurrences(of: "path=\(path)", with: "path=\(swapped)"),
                "invalid: path= is not the path of seq 2 in tree=1-3"
            ),
            (
                valid.replacingOccurrences(of: "path=\(path)", with: "path=-"),
                "invalid: path= is not the path of seq 2 in tree=1-3"
            ),
            (valid.replacingOccurrences(of: "tree=1-3", with: "tree=3-5"), "invalid: tree=3-5 does not contain seq 2"),
            (
                valid.replacingOccurrences(of: "tree=1-3", with: "tree=1-4"),
                "invalid: the signature of the tree head does not verify"
            ),
            (
                valid.replacingOccurrences(of: "path=\(path)", with: "path=Q\(path.dropFirst())"),
                "invalid: malformed receipt: path="
            ),
        ]
        for (line, expected) in cases {
            let output = try Self.check(line, key: key.publicKey)
            #expect(output.first?.hasPrefix(expected) == true, "\(line): \(output)")
        }
        let otherKey = try Ed25519PrivateKey.generate().publicKey
        #expect(
            try Self.check(valid, key: otherKey)
                == ["invalid: the signature of the tree head does not verify with the key \(otherKey.fingerprint)"])
    }

    /// Writes `line` and `key.pem` into a fresh directory and runs the check; returns what it printed.
    private static func check(_ line: String, key: Ed25519PublicKey) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-cli-receipt-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try key.pemRepresentation.write(
            to: directory.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("1.receipt")
        try (line + "\n").write(to: file, atomically: true, encoding: .utf8)
        let output = CapturedConsole()
        let status = ReceiptFileCheck.run(file: file.path, keyFile: nil, console: output.console)
        #expect((status == .ok) == (output.out.first?.hasPrefix("valid") == true))
        return output.out
    }
}

private let zeros = String(repeating: "0", count: 64)
