import GavelCore

/// Writes `key=value` fields separated by single spaces: the canonical form of entries and replies.
/// Bytes, not a String: the line is hashed as bytes, and the writer is on every BID's path.
struct FieldWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ key: String, _ value: some CustomStringConvertible) {
        let value = value.description
        assert(!value.isEmpty && !value.utf8.contains(UInt8(ascii: " ")), "a field value is one non-empty word")
        appendKey(key)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func append(_ key: String, _ time: Timestamp) {
        appendKey(key)
        time.appendRFC3339(to: &bytes)
    }

    private mutating func appendKey(_ key: String) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
    }

    mutating func append(_ key: String, _ flag: Bool) {
        append(key, flag ? "yes" : "no")
    }

    /// `-` stands for "none", as in `ref=-` and `reason=-`.
    mutating func append(_ key: String, orDash value: (some CustomStringConvertible)?) {
        if let value { append(key, value) } else { append(key, "-") }
    }
}
