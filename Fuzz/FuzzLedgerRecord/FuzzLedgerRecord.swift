import GavelCrypto
import GavelEntry

/// libFuzzer's entry point: one line read back from the ledger, or received as a receipt.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLedgerRecord(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzLedgerRecord.check(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Decodes the text as a canonical ledger line and as a receipt. Nothing may crash, and:
/// - a line that decodes is, byte for byte, the line its entry encodes to after its `prev`;
/// - that line is `key=value` words separated by single space bytes;
/// - a receipt's text after `OK ` is its entry, ` tree=`, ` path=` and ` sig=` as parsed;
/// - a receipt verifies exactly when its entry decodes, its tree holds its seq, its path has that
///   leaf's shape and leads to a root whose head the key signed; it then decodes what its entry does.
///
/// A fuzzer cannot find a SHA-256 preimage or forge a signature, so each input is also tried with its
/// entry's ` hash=` replaced by the right one and its tree head signed with the fixed key, over whatever
/// root its path leads to: that is what reaches everything past the fields, the path's shape included.
enum FuzzLedgerRecord {
    static let hashMarker = Array(" hash=".utf8)
    static let treeMarker = Array(" tree=".utf8)
    /// A fixed key: signatures are deterministic, so runs reproduce.
    static let key = try! Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))

    static func check(_ text: String) {
        checkDecoding(text)
        checkReceipt(text)
        // The entry is what comes before the first ` tree=`; a receipt's tree, path and sig follow it.
        var bytes = Array(text.utf8)
        let tail = firstIndex(of: treeMarker, in: bytes).map { String(decoding: bytes[$0...], as: UTF8.self) } ?? ""
        bytes.removeLast(tail.utf8.count)
        let rehashed = withCorrectHash(String(decoding: bytes, as: UTF8.self))
        checkDecoding(rehashed)
        checkReceipt(signed(rehashed, tail: tail))
    }

    /// `OK <entry><tail>` with the tail's tree head signed over the root its path leads to from the entry's
    /// hash; an entry without a tail gets a tree of its own, `tree=<seq>-<seq> path=-`.
    static func signed(_ entry: String, tail: String) -> String {
        let leaf = String(entry.suffix(64))
        guard !tail.isEmpty else {
            guard let seq = entry.split(separator: " ").first(where: { $0.hasPrefix("seq=") })?.dropFirst(4),
                let range = ReceiptTreeRange(parsing: "\(seq)-\(seq)")
            else {
                return entry
            }
            let signature = Base64.encode(key.signature(for: Array(range.head(rootHex: leaf).utf8)))
            return "OK \(entry) tree=\(range) path=- sig=\(signature)"
        }
        guard let receipt = try? Receipt(parsing: entry + tail) else { return entry + tail }
        let head = receipt.tree.head(rootHex: receipt.path.root(fromLeaf: leaf))
        let signature = Base64.encode(key.signature(for: Array(head.utf8)))
        return "OK \(receipt.canonicalLine) tree=\(receipt.tree) path=\(receipt.path) sig=\(signature)"
    }

    /// The text before its last ` hash=` (all of it when there is none), then ` hash=` and its SHA-256.
    static func withCorrectHash(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if let start = lastIndex(of: hashMarker, in: bytes) { bytes.removeSubrange(start...) }
        let body = String(decoding: bytes, as: UTF8.self)
        return body + " hash=" + SHA256.hexDigest(Array(body.utf8))
    }

    static func firstIndex(of marker: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= marker.count else { return nil }
        return (0...(bytes.count - marker.count)).first { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }
    }

    static func lastIndex(of marker: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= marker.count else { return nil }
        return (0...(bytes.count - marker.count)).last { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }
    }

    static func checkDecoding(_ line: String) {
        guard let record = try? LedgerRecord(line: line) else { return }
        precondition(Array(record.line.utf8) == Array(line.utf8), "decoded a line that is not byte for byte its own")
        let encoded = LedgerRecord(entry: record.entry, prev: record.prev)
        precondition(encoded == record, "the decoded entry encodes to another line: \(encoded.line)")
        precondition(isKeyValueWords(line), "a canonical line holds a word that is not key=value: \(line)")
        precondition(line.hasSuffix(" hash=" + record.hash), "hash is not the line's last field")
    }

    /// Whether every word between single space bytes is a non-empty key, `=` and a non-empty value.
    static func isKeyValueWords(_ line: String) -> Bool {
        line.utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).allSatisfy { word in
            guard let equals = word.firstIndex(of: UInt8(ascii: "=")) else { return false }
            return equals > word.startIndex && word.index(after: equals) < word.endIndex
        }
    }

    static func checkReceipt(_ text: String) {
        guard let receipt = try? Receipt(parsing: text) else { return }
        let signed = text.hasPrefix("OK ") ? String(text.dropFirst(3)) : text
        precondition(Array(receipt.signedLine.utf8) == Array(signed.utf8), "a receipt's signed line is not its text")
        precondition(receipt.tree.leafCount <= 1024, "a tree of more than 1,024 leaves parsed")
        precondition(receipt.path.steps.count <= 10, "a path of more than ten steps parsed")
        let verified = try? receipt.verify(publicKey: key.publicKey)
        guard let record = try? LedgerRecord(line: receipt.canonicalLine),
            let root = try? receipt.path.root(ofSeq: receipt.seq, leafHex: record.hash, in: receipt.tree),
            Base64.decode(receipt.signatureBase64) == key.signature(for: Array(receipt.tree.head(rootHex: root).utf8))
        else {
            precondition(verified == nil, "a receipt verifies without its path leading to a signed root")
            return
        }
        precondition(receipt.tree.contains(receipt.seq), "a receipt verifies outside its tree")
        precondition(
            receipt.path.steps.map(\.sibling)
                == MerklePath.sides(ofLeaf: Int(receipt.seq - receipt.tree.first), leafCount: receipt.tree.leafCount),
            "a receipt verifies with a path of another shape")
        precondition(verified == record, "verifying a receipt and decoding its entry disagree")
    }
}
