import GavelCore

/// The body of a reply or row line: `key=value` pairs in order, joined by single spaces, kept as the
/// UTF-8 bytes they are sent as. A value never contains a space, so clients split on spaces.
public struct Fields: Hashable, Sendable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    private(set) var bytes: [UInt8] = []

    public init() {}

    /// `["round": id, "handle": handle]`: the pairs in the literal's order.
    public init(dictionaryLiteral elements: (String, any CustomStringConvertible)...) {
        for (key, value) in elements { append(key, value) }
    }

    /// Text built elsewhere and sent as it is: a ledger entry's canonical line, a `HELP` usage. With
    /// `extraCapacity`, room for that many more bytes, so the fields appended next need no new buffer.
    public init(verbatim text: String, extraCapacity: Int = 0) {
        assert(!text.utf8.contains { $0 == Self.lf || $0 == Self.cr }, "a line's text never holds CR or LF")
        bytes.reserveCapacity(text.utf8.count + extraCapacity)
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func append(_ key: String, _ value: some CustomStringConvertible) {
        let value = value.description
        assert(
            !key.isEmpty && key.utf8.allSatisfy { !Self.isSeparator($0) && $0 != UInt8(ascii: "=") },
            "a key is one word without '='")
        assert(value.utf8.allSatisfy { !Self.isSeparator($0) }, "a value never contains a space: '\(value)'")
        if !bytes.isEmpty { bytes.append(Self.space) }
        bytes.append(contentsOf: key.utf8)
        bytes.append(UInt8(ascii: "="))
        bytes.append(contentsOf: value.utf8)
    }

    /// Appends another list's pairs after this one's.
    public mutating func append(contentsOf other: Fields) {
        guard !other.isEmpty else { return }
        if !bytes.isEmpty { bytes.append(Self.space) }
        bytes.append(contentsOf: other.bytes)
    }

    public var isEmpty: Bool { bytes.isEmpty }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    static let space = UInt8(ascii: " ")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let del: UInt8 = 0x7F

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == space || byte == UInt8(ascii: "\t") || byte == lf || byte == cr
    }
}
