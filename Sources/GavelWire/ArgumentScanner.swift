import GavelCore

/// Reads a command's arguments left to right (positional ones, then `key=value` options), so the
/// error reported is the one of the first argument that is wrong, missing or extra.
struct ArgumentScanner {
    private let command: CommandWord
    private let optionKeys: [String]
    private let words: ArraySlice<Substring>
    private var index: Int
    private var seenKeys: [Substring] = []

    init(_ words: ArraySlice<Substring>, command: CommandWord) {
        self.command = command
        optionKeys = command.optionKeys
        self.words = words
        index = words.startIndex
    }

    /// The next positional argument, named as in the usage (`<amount>`) for the message when it is missing.
    mutating func required(_ name: String) throws(GavelError) -> Substring {
        guard let word = optional() else { throw syntax("missing \(name)") }
        return word
    }

    /// The next positional argument, if there is one. In a command that takes options a `key=value`
    /// word is not a positional argument: handles, ids and amounts never contain `=`.
    mutating func optional() -> Substring? {
        guard index < words.endIndex else { return nil }
        let word = words[index]
        if !optionKeys.isEmpty, word.utf8.contains(UInt8(ascii: "=")) { return nil }
        index += 1
        return word
    }

    /// Hands each remaining `key=value` word to `body`, after checking that the key is one of the
    /// command's and not given twice. A word without `=` here is an extra argument.
    mutating func options(_ body: (Substring, Substring) throws(GavelError) -> Void) throws(GavelError) {
        while index < words.endIndex {
            let word = words[index]
            guard let equals = word.firstIndex(of: "=") else { throw extraArgument(word) }
            let key = word[..<equals]
            let value = word[word.index(after: equals)...]
            guard optionKeys.contains(where: { $0 == key }) else {
                throw syntax("unknown option '\(key)'")
            }
            guard !seenKeys.contains(key) else { throw syntax("option \(key)= given twice") }
            seenKeys.append(key)
            try body(key, value)
            index += 1
        }
    }

    /// Nothing may follow the arguments the command takes.
    func finish() throws(GavelError) {
        guard index < words.endIndex else { return }
        throw extraArgument(words[index])
    }

    func syntax(_ problem: String) -> GavelError {
        Self.syntax(problem, in: command)
    }

    /// A `SYNTAX` error that shows the command's usage, so a person typing into `nc` can correct it.
    static func syntax(_ problem: String, in command: CommandWord) -> GavelError {
        .syntax("\(problem); usage: \(HelpText.line(of: command))")
    }

    private func extraArgument(_ word: Substring) -> GavelError {
        syntax("unexpected argument '\(word)'")
    }
}
