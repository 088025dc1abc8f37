import GavelCore
import GavelCrypto
public import GavelWire

/// The receipt keys a data directory used before its current one, oldest first, as kept in
/// `<data dir>/receipt-key-history`: one line per retired key, `key=<base64 SPKI> from=<t> until=<t>`,
/// the same fields as `PUBKEY`'s rows. Only public keys: they are what checking old receipts needs.
public struct ReceiptKeyHistory: Equatable, Sendable {
    public private(set) var retired: [RetiredKey]

    public init() {
        retired = []
    }

    /// Parses the file's text strictly: a history that cannot be trusted must stop the server, not shrink.
    public init(parsing text: String) throws(ReceiptKeyHistoryError) {
        retired = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            if line.isEmpty, index == lines.count - 1 { break }
            try append(Self.parse(line, lineNumber: lineNumber), lineNumber: lineNumber)
        }
    }

    /// The file's text: one line per key, each ending in a newline.
    public var text: String {
        retired.map { "key=\($0.keyBase64) from=\($0.from) until=\($0.until)\n" }.joined()
    }

    /// Whether `keyBase64` (base64 SPKI) is one of the retired keys.
    public func contains(keyBase64: String) -> Bool {
        retired.contains { $0.keyBase64 == keyBase64 }
    }

    /// Adds the key just retired; it must start no earlier than the last one ended.
    public mutating func retire(_ key: RetiredKey) throws(ReceiptKeyHistoryError) {
        try append(key, lineNumber: retired.count + 1)
    }

    private mutating func append(_ key: RetiredKey, lineNumber: Int) throws(ReceiptKeyHistoryError) {
        guard key.from <= key.until else {
            throw ReceiptKeyHistoryError(line: lineNumber, reason: "from is after until")
        }
        if let previous = retired.last, key.from < previous.until {
            throw ReceiptKeyHistoryError(line: lineNumber, reason: "from is before the previous key's until")
        }
        guard !contains(keyBase64: key.keyBase64) else {
            throw ReceiptKeyHistoryError(line: lineNumber, reason: "the key is listed twice")
        }
        retired.append(key)
    }

    private static func parse(_ line: Substring, lineNumber: Int) throws(ReceiptKeyHistoryError) -> RetiredKey {
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 3, words[0].hasPrefix("key="), words[1].hasPrefix("from="), words[2].hasPrefix("until=")
        else {
            throw ReceiptKeyHistoryError(line: lineNumber, reason: "expected key=<base64> from=<time> until=<time>")
        }
        let keyBase64 = String(words[0].dropFirst("key=".count))
        guard let key = try? Ed25519PublicKey(base64SPKI: keyBase64), key.base64SPKI == keyBase64 else {
            throw ReceiptKeyHistoryError(line: lineNumber, reason: "key is not a base64 Ed25519 SPKI public key")
        }
        return RetiredKey(
            keyBase64: keyBase64, from: try time(words[1].dropFirst("from=".count), lineNumber: lineNumber),
            until: try time(words[2].dropFirst("until=".count), lineNumber: lineNumber))
    }

    /// Only the form the file is written in (UTC, milliseconds), so that reading and writing round-trip.
    private static func time(_ text: Substring, lineNumber: Int) throws(ReceiptKeyHistoryError) -> Timestamp {
        guard let time = Timestamp(rfc3339: text), time.description == text else {
            throw ReceiptKeyHistoryError(
                line: lineNumber, reason: "\(text) is not a UTC time like 2026-11-24T16:00:00.123Z")
        }
        return time
    }
}
