import GavelCore

// The argument parsers behind `Command(parsing:)` that take more than one GavelCore initialiser.
extension Command {
    static func parseRoundsFilter(_ arguments: inout ArgumentScanner) throws(GavelError) -> RoundsFilter {
        var filter = RoundsFilter.default
        try arguments.options { (_, value) throws(GavelError) in
            if value == "all" {
                filter = .all
            } else if let state = RoundState(rawValue: String(value)) {
                filter = .state(state)
            } else {
                throw ArgumentScanner.syntax("state must be open|scheduled|closed|cancelled|all", in: .rounds)
            }
        }
        return filter
    }

    static func parseBid(_ arguments: inout ArgumentScanner) throws(GavelError) -> Command {
        let round = try parseRoundReference(arguments.required("<round-id|@handle>"))
        let amount = try parseAmount(arguments.required("<amount>"))
        return .bid(round, amount: amount, ref: try parseRef(&arguments))
    }

    static func parseWithdraw(_ arguments: inout ArgumentScanner) throws(GavelError) -> Command {
        let round = try parseRoundReference(arguments.required("<round-id|@handle>"))
        return .withdraw(round, ref: try parseRef(&arguments))
    }

    private static func parseRef(_ arguments: inout ArgumentScanner) throws(GavelError) -> IdempotencyRef? {
        var ref: IdempotencyRef?
        try arguments.options { (_, value) throws(GavelError) in ref = try IdempotencyRef(parsing: value) }
        return ref
    }

    /// A word of digits only is a round id, anything else a handle: an all-digit handle needs its `@`.
    private static func parseRoundReference(_ word: Substring) throws(GavelError) -> RoundReference {
        isDecimal(word) ? .id(try RoundID(parsing: word)) : .handle(try Handle(parsing: word))
    }

    private static func isDecimal(_ word: Substring) -> Bool {
        word.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func parseAmount(_ word: Substring) throws(GavelError) -> Money {
        do {
            return try Money.parse(word)
        } catch {
            throw .badAmount(error)
        }
    }

    /// Ledger seqs start at 1, so `0`, like a non-number or a number past `Int64`, is `SYNTAX`. (`RoundID`
    /// answers a round id of 0 or of too many digits with `NOT_FOUND` instead.)
    static func parseSeq(_ word: Substring) throws(GavelError) -> Int64 {
        guard let seq = DecimalDigits.parse(word), seq > 0 else {
            throw ArgumentScanner.syntax("seq must be a positive decimal number", in: .receipt)
        }
        return seq
    }

    /// `all` in any case, like a command word; a handle spelled `all` needs its `@`.
    static func parseWatchTarget(_ word: Substring) throws(GavelError) -> WatchTarget {
        if asciiUppercased(word) == "ALL" { return .all }
        return isDecimal(word) ? .round(try RoundID(parsing: word)) : .handle(try Handle(parsing: word))
    }

    static func parseCancel(_ arguments: inout ArgumentScanner) throws(GavelError) -> Command {
        let round = try RoundID(parsing: arguments.required("<round-id>"))
        var reason: String?
        try arguments.options { (_, value) throws(GavelError) in reason = try parseReason(value) }
        return .cancel(round, reason: reason)
    }

    /// 1–64 of `A-Z a-z 0-9 _ -`, like a ref, so it is one word in the ledger's `cancel` entry;
    /// `-` is that entry's "no reason".
    private static func parseReason(_ value: Substring) throws(GavelError) -> String? {
        guard value != "-" else { return nil }
        let isWord =
            (1...64).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default:
                    false
                }
            }
        guard isWord else { throw ArgumentScanner.syntax("reason must be 1 to 64 of A-Z a-z 0-9 _ -", in: .cancel) }
        return String(value)
    }

    static func parseBidderAdd(_ arguments: inout ArgumentScanner) throws(GavelError) -> Command {
        let name = try BidderName(parsing: arguments.required("<name>"))
        var verified = YesNo.no
        var role = Role.bidder
        try arguments.options { (key, value) throws(GavelError) in
            if key == "verified" {
                verified = try parseChoice(value, for: key, in: .bidderAdd)
            } else {  // role: the scanner admits only BIDDER ADD's keys
                role = try parseChoice(value, for: key, in: .bidderAdd)
            }
        }
        return .bidderAdd(name, verified: verified == .yes, role: role)
    }

    static func parseHandleSet(_ arguments: inout ArgumentScanner) throws(GavelError) -> Command {
        let handle = try Handle(parsing: arguments.required("<@handle>"))
        var status: HandleStatus?
        try arguments.options { (key, value) throws(GavelError) in
            status = try parseChoice(value, for: key, in: .handleSet)
        }
        guard let status else { throw arguments.syntax("missing status=") }
        return .handleSet(handle, status: status)
    }

    /// An option value from a fixed set, spelled exactly (lower-case) as PROTOCOL.md lists it.
    static func parseChoice<Value: RawRepresentable<String> & CaseIterable>(
        _ value: Substring, for key: Substring, in command: CommandWord
    ) throws(GavelError) -> Value {
        guard let choice = Value(rawValue: String(value)) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: "|")
            throw ArgumentScanner.syntax("\(key) must be \(allowed)", in: command)
        }
        return choice
    }

    static func parseTime(_ value: Substring, for key: Substring) throws(GavelError) -> Timestamp {
        guard let time = Timestamp(rfc3339: value) else {
            throw ArgumentScanner.syntax("\(key) must be an RFC 3339 time like 2026-11-24T16:00:00.000Z", in: .open)
        }
        return time
    }
}

/// `verified=yes|no`.
enum YesNo: String, CaseIterable {
    case yes
    case no
}
