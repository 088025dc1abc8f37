/// The text of an `OK`, `= ` row or event line after its prefix: `key=value` words separated by single
/// spaces (bare words such as `pong` too), kept exactly as the server sent them.
public struct ReplyFields: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: some StringProtocol) {
        self.text = String(text)
    }

    /// The value of the first `key=` word, or `nil`. Scans the bytes without splitting the line: the
    /// load generator reads fields of every receipt.
    public subscript(key: String) -> String? {
        let bytes = text.utf8
        let keyLength = key.utf8.count
        var wordStart = bytes.startIndex
        while wordStart < bytes.endIndex {
            let wordEnd = bytes[wordStart...].firstIndex(of: UInt8(ascii: " ")) ?? bytes.endIndex
            let word = bytes[wordStart..<wordEnd]
            if word.starts(with: key.utf8),
                let equals = bytes.index(wordStart, offsetBy: keyLength, limitedBy: wordEnd),
                equals < wordEnd, bytes[equals] == UInt8(ascii: "=")
            {
                return String(text[bytes.index(after: equals)..<wordEnd])
            }
            wordStart = wordEnd < bytes.endIndex ? bytes.index(after: wordEnd) : wordEnd
        }
        return nil
    }

    /// The words in order, `key=value` pairs and bare words alike. Split at space bytes, as the server
    /// writes them, not at `Character`s: a space followed by a combining mark still ends a word.
    public var words: [Substring] {
        text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
    }

    public var isEmpty: Bool { text.isEmpty }

    public var description: String { text }
}
