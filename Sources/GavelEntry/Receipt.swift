public import GavelCrypto

/// A receipt as the server sends it (PROTOCOL.md, Receipts), parsed and verified without a connection:
/// `OK v=1 seq=… prev=<hex> hash=<hex> tree=<first>-<last> path=<steps> sig=<base64>`.
/// The entry's hash is a leaf of its commit's tree; the path leads from it to the root, and the signature
/// covers the tree head `v=1 tree=<first>-<last> root=<hex>`.
public struct Receipt: Hashable, Sendable {
    /// The entry, `v=1 seq=... hash=<hex>`: exactly its line in the ledger.
    public let canonicalLine: String
    public let tree: ReceiptTreeRange
    public let path: MerklePath
    public let signatureBase64: String
    public let seq: Int64

    /// Parses a receipt line, with or without its leading `OK `; nothing is verified yet.
    public init(parsing line: String) throws(ReceiptError) {
        try self.init(parsingLine: line[...])
    }

    /// As `init(parsing:)` of a `String`.
    public init(parsing line: Substring) throws(ReceiptError) {
        try self.init(parsingLine: line)
    }

    /// Concrete, so that the scans below are compiled for `Substring`: over a generic `StringProtocol`
    /// they ran the standard library's unspecialized code, 44 µs and 22 allocations per receipt, most of
    /// gavel-load's CPU per BID.
    private init(parsingLine line: Substring) throws(ReceiptError) {
        let text = line.hasPrefix("OK ") ? line.dropFirst(3) : line
        guard text.hasPrefix("v=") else { throw .malformed("a receipt starts with v=") }
        // Bytes, not `Character`s: a combining mark right after `sig=` would be dropped with the `=`.
        var rest = text.utf8[...]
        let signature = try Self.lastWord(Self.signatureMarker, of: &rest)
        let path = try Self.lastWord(" path=", of: &rest)
        let tree = try Self.lastWord(" tree=", of: &rest)
        guard !signature.isEmpty else { throw .malformed("sig= is empty") }
        guard let range = ReceiptTreeRange(parsing: Substring(tree)) else {
            throw .malformed("tree= is not <first>-<last>, at most 1,024 seqs")
        }
        guard let steps = MerklePath(parsing: Substring(path)) else {
            throw .malformed("path= is not - or at most ten L<64 hex>/R<64 hex> steps separated by commas")
        }
        guard let seq = Self.seq(in: rest) else { throw .malformed("no seq= with a positive number") }
        canonicalLine = String(Substring(rest))
        self.tree = range
        self.path = steps
        signatureBase64 = String(Substring(signature))
        self.seq = seq
    }

    /// The line as sent after `OK `: the entry, then ` tree=`, ` path=` and ` sig=`.
    public var signedLine: String {
        canonicalLine + " tree=\(tree) path=\(path)" + Self.signatureMarker + signatureBase64
    }

    /// Checks, in order, that the entry is a canonical ledger entry whose `hash` is its own, that the
    /// tree holds its seq and the path has that leaf's shape, and that the signature verifies over the
    /// head of the root the path leads to; returns the decoded entry.
    @discardableResult
    public func verify(publicKey: Ed25519PublicKey) throws(ReceiptError) -> LedgerRecord {
        let record: LedgerRecord
        do {
            record = try LedgerRecord(line: canonicalLine)
        } catch {
            throw .notCanonical(error)
        }
        let root: String
        do {
            root = try path.root(ofSeq: seq, leafHex: record.hash, in: tree)
        } catch {
            throw .tree(error)
        }
        guard let signature = Base64.decode(signatureBase64),
            publicKey.isValidSignature(signature, for: Array(tree.head(rootHex: root).utf8))
        else { throw .badSignature }
        return record
    }

    private static let signatureMarker = " sig="

    /// The positive number of the entry's `seq=` word (the second word of every entry).
    private static func seq(in entry: Substring.UTF8View) -> Int64? {
        var wordStart = entry.startIndex
        while wordStart < entry.endIndex {
            let wordEnd = entry[wordStart...].firstIndex(of: UInt8(ascii: " ")) ?? entry.endIndex
            let word = entry[wordStart..<wordEnd]
            if word.starts(with: "seq=".utf8) {
                guard let seq = Int64(Substring(word.dropFirst(4))), seq >= 1 else { return nil }
                return seq
            }
            wordStart = wordEnd == entry.endIndex ? wordEnd : entry.index(after: wordEnd)
        }
        return nil
    }

    /// Takes the last space-separated word off `rest`, which must be `marker` (with its space) and a value.
    private static func lastWord(_ marker: String, of rest: inout Substring.UTF8View.SubSequence)
        throws(ReceiptError) -> Substring.UTF8View.SubSequence
    {
        guard let space = rest.lastIndex(of: UInt8(ascii: " ")), rest[space...].starts(with: marker.utf8) else {
            throw .malformed("a receipt ends with tree= path= sig=; no\(marker) where expected")
        }
        defer { rest = rest[..<space] }
        return rest[space...].dropFirst(marker.utf8.count)
    }
}
