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

    private init(parsingLine line: Substring) throws(ReceiptError) {
        var line = line
        line.makeContiguousUTF8()
        try self.init(parsingBytes: line.utf8.span)
    }

    /// By bytes, not `Character`s (a combining mark right after `sig=` would be dropped with the `=`), and
    /// by offset: scanning by `String` indices cost 4.6 µs and 17 allocations per receipt, the most of
    /// gavel-load's CPU per BID after its sockets.
    private init(parsingBytes line: Span<UInt8>) throws(ReceiptError) {
        let start = line.hasPrefix("OK ", at: 0) ? 3 : 0
        guard line.hasPrefix("v=", at: start) else { throw .malformed("a receipt starts with v=") }
        var end = line.count
        let signature = try Self.lastWord(" sig=", of: line, from: start, upTo: &end)
        let path = try Self.lastWord(" path=", of: line, from: start, upTo: &end)
        let tree = try Self.lastWord(" tree=", of: line, from: start, upTo: &end)
        guard !signature.isEmpty else { throw .malformed("sig= is empty") }
        guard let range = ReceiptTreeRange(parsing: line.extracting(tree)) else {
            throw .malformed("tree= is not <first>-<last>, at most 1,024 seqs")
        }
        guard let steps = MerklePath(parsing: line.extracting(path)) else {
            throw .malformed("path= is not - or at most ten L<64 hex>/R<64 hex> steps separated by commas")
        }
        guard let seq = Self.seq(in: line.extracting(start..<end)) else {
            throw .malformed("no seq= with a positive number")
        }
        canonicalLine = line.string(start..<end)
        self.tree = range
        self.path = steps
        signatureBase64 = line.string(signature)
        self.seq = seq
    }

    /// The line as sent after `OK `: the entry, then ` tree=`, ` path=` and ` sig=`.
    public var signedLine: String {
        canonicalLine + " tree=\(tree) path=\(path) sig=" + signatureBase64
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

    /// The positive number of the entry's `seq=` word (the second word of every entry).
    private static func seq(in entry: Span<UInt8>) -> Int64? {
        guard let digits = KeyedWords.value(of: "seq", in: entry), let seq = Int64(entry.string(digits)),
            seq >= 1
        else { return nil }
        return seq
    }

    /// Takes the last space-separated word off `line[start..<end]`, which must be `marker` (with its space)
    /// and a value: the value's offsets; `end` moves to the word's space.
    private static func lastWord(_ marker: StaticString, of line: Span<UInt8>, from start: Int, upTo end: inout Int)
        throws(ReceiptError) -> Range<Int>
    {
        var space = end - 1
        while space >= start, line[space] != UInt8(ascii: " ") { space -= 1 }
        guard space >= start, line.extracting(..<end).hasPrefix(marker, at: space) else {
            throw .malformed("a receipt ends with tree= path= sig=; no\(marker) where expected")
        }
        defer { end = space }
        return (space + marker.utf8CodeUnitCount)..<end
    }
}
