public import GavelCore
import GavelCrypto

/// One ledger entry in its canonical form: the line PROTOCOL.md's receipt shows before ` tree=`.
/// `hash` covers the line from `v=` up to ` hash=`; `prev` is the hash of the entry before it.
public struct LedgerRecord: Hashable, Sendable {
    public static let version = 1
    /// The `prev` of seq 1.
    public static let genesisHash = String(repeating: "0", count: 64)

    public let entry: Entry
    public let prev: String
    public let hash: String
    /// `v=1 seq=… at=… kind=… …fields… prev=… hash=…`
    public let line: String

    /// Encodes `entry` after the entry whose hash is `prev`.
    public init(entry: Entry, prev: String) {
        var fields = FieldWriter()
        fields.append("v", Self.version)
        fields.append("seq", entry.seq)
        fields.append("at", entry.at)
        fields.append("kind", entry.event.kind.rawValue)
        EntryFields.write(entry.event, into: &fields)
        if let salt = entry.salt { fields.append("salt", salt) }
        fields.append("prev", prev)
        let hash = SHA256.hexDigest(fields.bytes)
        fields.append("hash", hash)
        self.entry = entry
        self.prev = prev
        self.hash = hash
        self.line = fields.text
    }

    /// Decodes a canonical line, checking every field's place and value and that `hash` is the line's.
    public init(line: String) throws(LedgerError) {
        let hashField = " hash=".utf8.count + 64
        let bytes = Array(line.utf8)
        guard bytes.count > hashField,
            bytes[(bytes.count - hashField)..<(bytes.count - 64)].elementsEqual(" hash=".utf8)
        else { throw .malformed(seq: nil, "the line does not end with hash=<64 hex>") }
        var fields = FieldReader(Substring(String(decoding: bytes.dropLast(hashField), as: UTF8.self)))
        guard try fields.int("v") == Int64(Self.version) else { throw fields.malformed("unknown version") }
        fields.seq = try fields.int("seq")
        let at = try fields.timestamp("at")
        let kind = try fields.choice("kind", as: EntryKind.self)
        let event = try EntryFields.read(kind, from: &fields)
        let salt = try fields.salt(of: kind)
        let prev = try fields.hex64("prev")
        guard fields.isAtEnd else { throw fields.malformed("unexpected field after prev") }
        guard let seq = fields.seq, seq >= 1 else { throw fields.malformed("seq starts at 1") }
        let record = LedgerRecord(entry: Entry(seq: seq, at: at, event: event, salt: salt), prev: prev)
        guard record.line == line else {
            throw .broken(seq: seq, "hash does not match the entry, or the line is not canonical")
        }
        self = record
    }

    /// The hash of the counted bids for a `close` entry: SHA-256 over each hash as 64 hex and a LF.
    public static func bidsSHA256(_ hashes: some Sequence<String>) -> String {
        var hasher = SHA256Hasher()
        for hash in hashes {
            assert(hash.utf8.count == 64, "entry hashes are 64 hex characters")
            hasher.update(Array(hash.utf8))
            hasher.update([UInt8(ascii: "\n")])
        }
        return Hex.encode(hasher.finalize())
    }
}
