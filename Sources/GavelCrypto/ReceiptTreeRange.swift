/// The seqs `first`...`last` of the entries committed together whose hashes are one receipt tree's leaves
/// (PROTOCOL.md, Receipts): written `tree=<first>-<last>` in a receipt and in the signed tree head.
public struct ReceiptTreeRange: Hashable, Sendable, CustomStringConvertible {
    /// A larger commit is split into consecutive trees, so one path never has more than ten steps.
    public static let maximumLeafCount: Int64 = 1024

    public let first: Int64
    public let last: Int64

    public init(first: Int64, last: Int64) {
        precondition(first >= 1 && last >= first, "a tree holds seqs first...last, counted from 1")
        precondition(last - first < Self.maximumLeafCount, "a tree holds at most \(Self.maximumLeafCount) leaves")
        self.first = first
        self.last = last
    }

    /// Parses `<first>-<last>` as decimal seqs without signs or leading zeros; `nil` for anything else,
    /// a backwards range or one wider than `maximumLeafCount`.
    public init?(parsing text: String) {
        self.init(parsing: text[...])
    }

    /// As `init?(parsing:)` of a `String`.
    public init?(parsing text: Substring) {
        guard let parsed = text.withUTF8Span(Self.init(parsing:)) else { return nil }
        self = parsed
    }

    /// As `init?(parsing:)` of the text's UTF-8 bytes, read by offset.
    public init?(parsing bytes: Span<UInt8>) {
        var dash: Int?
        for index in bytes.indices where bytes[index] == UInt8(ascii: "-") {
            guard dash == nil else { return nil }
            dash = index
        }
        guard let dash, let first = Self.seq(bytes.extracting(..<dash)),
            let last = Self.seq(bytes.extracting((dash + 1)...)), last >= first, last - first < Self.maximumLeafCount
        else { return nil }
        self.init(first: first, last: last)
    }

    /// The consecutive trees of a commit of seqs `first`...`last`, each of at most `maximumLeafCount`.
    public static func split(first: Int64, last: Int64) -> [ReceiptTreeRange] {
        stride(from: first, through: last, by: Int(maximumLeafCount)).map {
            ReceiptTreeRange(first: $0, last: min($0 + maximumLeafCount - 1, last))
        }
    }

    public var leafCount: Int { Int(last - first + 1) }

    public func contains(_ seq: Int64) -> Bool { (first...last).contains(seq) }

    public var description: String { "\(first)-\(last)" }

    /// The tree head that is signed: `v=1 tree=<first>-<last> root=<64 hex>`, no newline.
    public func head(rootHex: String) -> String {
        "v=1 tree=\(self) root=\(rootHex)"
    }

    private static func seq(_ digits: Span<UInt8>) -> Int64? {
        guard !digits.isEmpty, digits[0] != UInt8(ascii: "0"), digits.count <= 18 else { return nil }
        var seq: Int64 = 0
        for index in digits.indices {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digits[index]) else { return nil }
            seq = seq * 10 + Int64(digits[index] - UInt8(ascii: "0"))
        }
        return seq
    }
}
