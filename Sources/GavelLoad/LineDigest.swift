import GavelCrypto

/// SHA-256 of a receipt line, kept instead of the line: a run may hold a million receipts, and the
/// end-of-run check only asks whether `RECEIPT <seq>` sends the same bytes.
struct LineDigest: Hashable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ line: String) {
        let digest = SHA256.hash(Array(line.utf8))
        func word(_ index: Int) -> UInt64 {
            digest[index * 8..<index * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) }
        }
        words = (word(0), word(1), word(2), word(3))
    }

    static func == (lhs: LineDigest, rhs: LineDigest) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
