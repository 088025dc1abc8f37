import GavelCore

extension Command {
    /// The command word and `ref=` of a `BID` or `WITHDRAW` line that `Command(parsing:)` refused: a ref
    /// used before returns its original receipt whatever the other arguments, even ones that would be
    /// refused (PROTOCOL.md, "Idempotency"). `nil` when the line is no such command, or its ref is missing,
    /// malformed or given twice: then the refusal stands.
    public static func reusableRef(in line: some Collection<UInt8>) -> (word: CommandWord, ref: IdempotencyRef)? {
        guard !line.contains(0), let text = String(validating: line, as: UTF8.self) else { return nil }
        let words = text.utf8.split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.map { Substring($0) }
        guard let first = words.first else { return nil }
        let word: CommandWord
        switch asciiUppercased(first) {
        case CommandWord.bid.rawValue: word = .bid
        case CommandWord.withdraw.rawValue: word = .withdraw
        default: return nil
        }
        let refs = words.dropFirst().filter { $0.hasPrefix("ref=") }
        guard refs.count == 1, let ref = try? IdempotencyRef(parsing: refs[0].dropFirst(4)) else { return nil }
        return (word, ref)
    }
}
