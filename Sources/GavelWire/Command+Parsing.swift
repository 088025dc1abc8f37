import GavelCore

extension Command {
    /// Parses one line, without its LF and the CR before it (`LineFramer` removes those). The command
    /// word is checked first (`UNKNOWN_COMMAND`), then the arguments left to right; the first failure
    /// is thrown: `SYNTAX`, `BAD_HANDLE` or `BAD_AMOUNT`.
    public init(parsing line: ArraySlice<UInt8>) throws(GavelError) {
        let words = try Self.words(of: line)
        guard !words.isEmpty else { throw .syntax("empty line") }
        let (word, argumentWords) = try Self.commandWord(of: words)
        var arguments = ArgumentScanner(argumentWords, command: word)
        self = try Self.parseArguments(of: word, &arguments)
        try arguments.finish()
    }

    /// The same for any bytes; the server's lines come as `ArraySlice`, which takes the one above.
    @inlinable
    public init(parsing line: some Collection<UInt8>) throws(GavelError) {
        try self.init(parsing: ArraySlice(line))
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    /// Words are separated by runs of spaces and tabs, and by nothing else: splitting bytes rather than
    /// characters keeps a combining mark after a space from gluing two words together.
    private static func words(of line: ArraySlice<UInt8>) throws(GavelError) -> [Substring] {
        guard !line.contains(0) else { throw .syntax("line contains a NUL byte") }
        guard let text = String(validating: line, as: UTF8.self) else { throw .syntax("line is not valid UTF-8") }
        // One array, sized for every command's words: a BID line is parsed for every bid.
        var words: [Substring] = []
        words.reserveCapacity(8)
        var start: String.UTF8View.Index?
        let utf8 = text.utf8
        for index in utf8.indices {
            let byte = utf8[index]
            if byte == space || byte == tab {
                if let wordStart = start { words.append(Substring(utf8[wordStart..<index])) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let wordStart = start { words.append(Substring(utf8[wordStart...])) }
        return words
    }

    private static let singleWords: [String: CommandWord] = Dictionary(
        uniqueKeysWithValues: CommandWord.allCases.filter { !$0.rawValue.contains(" ") }.map { ($0.rawValue, $0) })

    /// `BIDDER` → `ADD` → `.bidderAdd`, and so on for every two-word command.
    private static let subWords: [String: [String: CommandWord]] = {
        var families: [String: [String: CommandWord]] = [:]
        for word in CommandWord.allCases {
            let parts = word.rawValue.split(separator: " ").map(String.init)
            if parts.count == 2 { families[parts[0], default: [:]][parts[1]] = word }
        }
        return families
    }()

    private static func commandWord(
        of words: [Substring]
    ) throws(GavelError) -> (CommandWord, ArraySlice<Substring>) {
        let name = asciiUppercased(words[0])
        if let family = subWords[name] {
            guard words.count > 1 else {
                throw .syntax("\(name) needs one of \(family.keys.sorted().joined(separator: ", "))")
            }
            guard let word = family[asciiUppercased(words[1])] else {
                throw .unknownCommand("\(words[0]) \(words[1])")
            }
            return (word, words[2...])
        }
        guard let word = singleWords[name] else { throw .unknownCommand(String(words[0])) }
        return (word, words[1...])
    }

    /// ASCII only: Unicode case mapping would turn the dotless `ı` of `bıd` into the `I` of `BID`.
    static func asciiUppercased(_ word: Substring) -> String {
        // In place: a command word fits a small string, which then needs no allocation at all.
        String(unsafeUninitializedCapacity: word.utf8.count) { output in
            for (index, byte) in word.utf8.enumerated() {
                output[index] = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            }
            return word.utf8.count
        }
    }

    private static func parseArguments(
        of word: CommandWord, _ arguments: inout ArgumentScanner
    ) throws(GavelError) -> Command {
        switch word {
        case .auth: return .auth(token: String(try arguments.required("<token>")))
        case .ping: return .ping
        case .pubkey: return .pubkey
        case .help: return .help
        case .quit: return .quit
        case .inquire: return .inquire(try Handle(parsing: arguments.required("<handle>")))
        case .rounds: return .rounds(try parseRoundsFilter(&arguments))
        case .round: return .round(try RoundID(parsing: arguments.required("<round-id>")))
        case .bid: return try parseBid(&arguments)
        case .withdraw: return try parseWithdraw(&arguments)
        case .myBids:
            guard let round = arguments.optional() else { return .myBids(nil) }
            return .myBids(try RoundID(parsing: round))
        case .receipt: return .receipt(seq: try parseSeq(arguments.required("<seq>")))
        case .proof: return .proof(try RoundID(parsing: arguments.required("<round-id>")))
        case .watch: return .watch(try parseWatchTarget(arguments.required("<@handle|round-id|all>")))
        case .invoice: return .invoice
        case .open: return try parseOpen(&arguments)
        case .close: return .close(try RoundID(parsing: arguments.required("<round-id>")))
        case .cancel: return try parseCancel(&arguments)
        case .extend:
            let round = try RoundID(parsing: arguments.required("<round-id>"))
            return .extend(round, byMilliseconds: try DurationText.parseMilliseconds(arguments.required("<dur>")))
        case .bids: return .bids(try RoundID(parsing: arguments.required("<round-id>")))
        case .bidderAdd: return try parseBidderAdd(&arguments)
        case .bidderVerify: return .bidderVerify(try BidderName(parsing: arguments.required("<name>")))
        case .bidderSuspend: return .bidderSuspend(try BidderName(parsing: arguments.required("<name>")))
        case .handleSet: return try parseHandleSet(&arguments)
        case .inquiries: return .inquiries
        case .settle: return .settle(try RoundID(parsing: arguments.required("<round-id>")))
        case .transfer: return .transfer(try RoundID(parsing: arguments.required("<round-id>")))
        case .ledgerVerify: return .ledgerVerify
        case .stats: return .stats
        }
    }
}
