import GavelCrypto
import GavelEntry

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
        text[...].withUTF8Span { bytes in KeyedWords.value(of: key, in: bytes).map { bytes.string($0) } }
    }

    /// The words in order, `key=value` pairs and bare words alike. Split at space bytes, as the server
    /// writes them, not at `Character`s: a space followed by a combining mark still ends a word.
    public var words: [Substring] {
        text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
    }

    public var isEmpty: Bool { text.isEmpty }

    public var description: String { text }
}
