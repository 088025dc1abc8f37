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
        self.init(parsingUTF8: text[...].utf8)
    }

    /// As `init?(parsing:)` of a `String`.
    public init?(parsing text: Substring) {
        self.init(parsingUTF8: text.utf8)
    }

    /// Concrete, so that the byte loops are compiled for it rather than run as unspecialized generics.
    private init?(parsingUTF8 text: Substring.UTF8View) {
        let parts = text.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Self.seq(parts[0]), let last = Self.seq(parts[1]), last >= first,
            last - first < Self.maximumLeafCount
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

    private static func seq(_ digits: some Collection<UInt8>) -> Int64? {
        guard let leading = digits.first, leading != UInt8(ascii: "0"), digits.count <= 18,
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return digits.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }
}
