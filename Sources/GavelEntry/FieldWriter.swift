/// Writes `key=value` fields separated by single spaces: the canonical form of entries and replies.
struct FieldWriter {
    private(set) var text: String

    init(capacity: Int = 256) {
        text = ""
        text.reserveCapacity(capacity)
    }

    mutating func append(_ key: String, _ value: some CustomStringConvertible) {
        let value = value.description
        assert(!value.isEmpty && !value.utf8.contains(UInt8(ascii: " ")), "a field value is one non-empty word")
        if !text.isEmpty { text.append(" ") }
        text.append(key)
        text.append("=")
        text.append(value)
    }

    mutating func append(_ key: String, _ flag: Bool) {
        append(key, flag ? "yes" : "no")
    }

    /// `-` stands for "none", as in `ref=-` and `reason=-`.
    mutating func append(_ key: String, orDash value: (some CustomStringConvertible)?) {
        if let value { append(key, value) } else { append(key, "-") }
    }
}
