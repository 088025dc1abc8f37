import GavelCore

// The line a client sends for a command: what the CLI and the load generator write, and what
// parsing turns back into the same command.
extension Command: CustomStringConvertible {
    /// The command's line without its LF, handles with `@` and every option spelled out,
    /// e.g. `BID @acme 25000.00 ref=order-1`.
    public var description: String {
        let arguments = argumentWords.joined(separator: " ")
        return arguments.isEmpty ? word.rawValue : word.rawValue + " " + arguments
    }

    /// Appends the command's line and a LF to `buffer`.
    public func render(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: description.utf8)
        buffer.append(Fields.lf)
    }

    private var argumentWords: [String] {
        switch self {
        case .ping, .pubkey, .help, .quit, .invoice, .inquiries, .ledgerVerify, .stats: []
        case .auth(let token): [token]
        case .inquire(let handle): ["@\(handle)"]
        case .rounds(.all): ["state=all"]
        case .rounds(.state(let state)): ["state=\(state.rawValue)"]
        case .round(let id), .proof(let id), .close(let id), .bids(let id), .settle(let id), .transfer(let id):
            [id.description]
        case .bid(let round, let amount, let ref):
            [Self.word(for: round), amount.description] + Self.option("ref", ref)
        case .withdraw(let round, let ref): [Self.word(for: round)] + Self.option("ref", ref)
        case .myBids(let id): id.map { [$0.description] } ?? []
        case .receipt(let seq): [String(seq)]
        case .watch(.all): ["all"]
        case .watch(.handle(let handle)): ["@\(handle)"]
        case .watch(.round(let id)): [id.description]
        case .open(let request): Self.words(of: request)
        case .cancel(let id, let reason): [id.description] + Self.option("reason", reason)
        case .extend(let id, let milliseconds): [id.description, Self.durationText(milliseconds: milliseconds)]
        case .bidderAdd(let name, let verified, let role):
            [
                name.description, "verified=\(verified ? YesNo.yes.rawValue : YesNo.no.rawValue)",
                "role=\(role.rawValue)",
            ]
        case .bidderVerify(let name), .bidderSuspend(let name): [name.description]
        case .handleSet(let handle, let status): ["@\(handle)", "status=\(status.rawValue)"]
        }
    }

    private static func word(for reference: RoundReference) -> String {
        switch reference {
        case .id(let id): id.description
        case .handle(let handle): "@\(handle)"
        }
    }

    private static func option(_ key: String, _ value: (some CustomStringConvertible)?) -> [String] {
        value.map { ["\(key)=\($0)"] } ?? []
    }

    private static func words(of request: OpenRequest) -> [String] {
        var words = ["@\(request.handle)", "reserve=\(request.reserve)"]
        switch request.closing {
        case .after(let milliseconds): words.append("duration=\(durationText(milliseconds: milliseconds))")
        case .at(let closes): words.append("closes=\(closes)")
        }
        words += option("opens", request.opens)
        words.append("format=\(request.format.rawValue)")
        words.append("reserve_visibility=\(request.reserveVisibility.rawValue)")
        return words
    }

    /// The largest of `d`, `h`, `m`, `s` that divides the duration: `<dur>` has no smaller unit.
    private static func durationText(milliseconds: Int64) -> String {
        precondition(milliseconds > 0 && milliseconds % 1000 == 0, "a <dur> is a positive whole number of seconds")
        let units: [(suffix: String, milliseconds: Int64)] = [
            ("d", Timestamp.millisecondsPerDay), ("h", 3_600_000), ("m", 60_000), ("s", 1000),
        ]
        let unit = units.first { milliseconds % $0.milliseconds == 0 }!
        return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
    }
}
