/// The text of an `OK`, `= ` row or event line after its prefix: `key=value` words separated by single
/// spaces (bare words such as `pong` too), kept exactly as the server sent them.
public struct ReplyFields: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: some StringProtocol) {
        self.text = String(text)
    }

    /// The value of the first `key=` word, or `nil`.
    public subscript(key: String) -> String? {
        for word in text.utf8.split(separator: UInt8(ascii: " ")) {
            guard word.count > key.utf8.count, word.starts(with: key.utf8) else { continue }
            let equals = word.index(word.startIndex, offsetBy: key.utf8.count)
            guard word[equals] == UInt8(ascii: "=") else { continue }
            return String(Substring(word[word.index(after: equals)...]))
        }
        return nil
    }

    /// The words in order, `key=value` pairs and bare words alike.
    public var words: [Substring] { text.split(separator: " ") }

    public var isEmpty: Bool { text.isEmpty }

    public var description: String { text }
}
