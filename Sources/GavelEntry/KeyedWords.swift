import GavelCrypto

/// The `key=value` words of a line whose words are separated by single spaces: entries, receipts and
/// reply fields. Read as bytes, not `Character`s (a space before a combining mark still ends a word), and
/// by offset: the load generator reads fields of every receipt it gets.
public enum KeyedWords {
    /// The offsets of the value of the first word that is `key=<value>`; `nil` when no word is.
    public static func value(of key: String, in line: Span<UInt8>) -> Range<Int>? {
        key[...].withUTF8Span { keyBytes in value(of: keyBytes, in: line) }
    }

    private static func value(of keyBytes: Span<UInt8>, in line: Span<UInt8>) -> Range<Int>? {
        var wordStart = 0
        while wordStart < line.count {
            var wordEnd = wordStart
            while wordEnd < line.count, line[wordEnd] != UInt8(ascii: " ") { wordEnd += 1 }
            let equals = wordStart + keyBytes.count
            if equals < wordEnd, line[equals] == UInt8(ascii: "="), line.hasPrefix(keyBytes, at: wordStart) {
                return (equals + 1)..<wordEnd
            }
            wordStart = wordEnd + 1
        }
        return nil
    }
}
