import GavelClient
import GavelCrypto
import GavelLedger

/// libFuzzer's entry point: one line read back from the ledger, or received as a receipt.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLedgerRecord(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzLedgerRecord.check(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Decodes the text as a canonical ledger line and as a receipt. Nothing may crash, and:
/// - a line that decodes is, byte for byte, the line its entry encodes to after its `prev`;
/// - that line is `key=value` words separated by single space bytes;
/// - a receipt's signed line is the text it was parsed from, and verifying a correctly signed
///   receipt decodes exactly what decoding its canonical line does.
///
/// A fuzzer cannot find a SHA-256 preimage, so each input is also tried with its ` hash=` replaced
/// by the right one: that is what reaches everything past the fields.
enum FuzzLedgerRecord {
    static let hashMarker = Array(" hash=".utf8)
    /// A fixed key: signatures are deterministic, so runs reproduce.
    static let key = try! Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))

    static func check(_ text: String) {
        checkDecoding(text)
        checkReceipt(text)
        let rehashed = withCorrectHash(text)
        checkDecoding(rehashed)
        let signed = "OK " + rehashed + " sig=" + Base64.encode(key.signature(for: Array(rehashed.utf8)))
        checkReceipt(signed)
    }

    /// The text before its last ` hash=` (all of it when there is none), then ` hash=` and its SHA-256.
    static func withCorrectHash(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if let start = lastIndex(of: hashMarker, in: bytes) { bytes.removeSubrange(start...) }
        let body = String(decoding: bytes, as: UTF8.self)
        return body + " hash=" + SHA256.hexDigest(Array(body.utf8))
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
        let verified = try? receipt.verify(publicKey: key.publicKey)
        guard Base64.decode(receipt.signatureBase64) == key.signature(for: Array(receipt.canonicalLine.utf8)) else {
            precondition(verified == nil, "a receipt with another signature verifies")
            return
        }
        precondition(
            verified == (try? LedgerRecord(line: receipt.canonicalLine)),
            "verifying a receipt and decoding its line disagree")
    }
}
