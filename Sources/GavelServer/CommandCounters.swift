import GavelCore
import GavelWire
import Metrics
import Synchronization

/// `gavel_commands_total{command,code}`: one counter per (command, result code) pair, made on first use
/// and kept in a flat table, so counting a command after warm-up is two short scans, a lock and an
/// atomic add: no label strings are built and no registry is searched.
final class CommandCounters: Sendable {
    static let name = "gavel_commands_total"
    /// A line that never became a command (unknown word, bad syntax, too long, rate limited) counts
    /// under `command="-"`.
    static let unparsedLabel = "-"
    static let okLabel = "ok"

    private static let words: [CommandWord?] = [nil] + CommandWord.allCases
    private static let codes: [ErrorCode?] = [nil] + ErrorCode.allCases

    private let factory: any MetricsFactory
    private let counters: Mutex<[Counter?]>

    init(factory: any MetricsFactory) {
        self.factory = factory
        counters = Mutex(Array(repeating: nil, count: Self.words.count * Self.codes.count))
    }

    /// Counts one answered command; `code` is nil for `OK`.
    func increment(command word: CommandWord?, code: ErrorCode?) {
        guard let wordIndex = Self.words.firstIndex(of: word), let codeIndex = Self.codes.firstIndex(of: code) else {
            preconditionFailure("every command word and error code has a counter")
        }
        counter(at: wordIndex * Self.codes.count + codeIndex, word: word, code: code).increment()
    }

    private func counter(at index: Int, word: CommandWord?, code: ErrorCode?) -> Counter {
        counters.withLock { counters in
            if let counter = counters[index] { return counter }
            let counter = Counter(
                label: Self.name,
                dimensions: [
                    ("command", word?.rawValue ?? Self.unparsedLabel), ("code", code?.rawValue ?? Self.okLabel),
                ],
                factory: factory)
            counters[index] = counter
            return counter
        }
    }
}
