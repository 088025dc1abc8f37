/// The `key=value` words of a line whose words are separated by single spaces: entries, receipts and
/// reply fields. Read as bytes, not `Character`s (a space before a combining mark still ends a word), and
/// by offset: the load generator reads fields of every receipt it gets.
public enum KeyedWords {
    /// The offsets of the value of the first word that is `key=<value>`; `nil` when no word is.
    public static func value(of key: String, in line: Span<UInt8>) -> Range<Int>? {
        var key = key
        key.makeContiguousUTF8()
        let keyBytes = key.utf8.span
        var wordStart = 0
        while wordStart < line.count {
            var wordEnd = wordStart
            while wordEnd < line.count, line[wordEnd] != UInt8(ascii: " ") { wordEnd += 1 }
            let equals = wordStart + keyBytes.count
            if equals < wordEnd, line[equals] == UInt8(ascii: "="), starts(line, at: wordStart, with: keyBytes) {
                return (equals + 1)..<wordEnd
            }
            wordStart = wordEnd + 1
        }
        return nil
    }

    private static func starts(_ line: Span<UInt8>, at offset: Int, with prefix: Span<UInt8>) -> Bool {
        for index in prefix.indices where line[offset + index] != prefix[index] { return false }
        return true
    }
}
