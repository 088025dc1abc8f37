public import GavelCore

/// The one reply a command gets: `OK` with its fields after any `= ` rows, or `ERR` with its code.
public enum ServerReply: Hashable, Sendable {
    case ok(ReplyFields, rows: [ReplyFields])
    case error(code: ErrorCode, message: String)

    /// The `OK` line's fields, `nil` for an `ERR`.
    public var fields: ReplyFields? {
        guard case .ok(let fields, _) = self else { return nil }
        return fields
    }

    /// The listing's rows (without `= `); empty for an `ERR` and for replies without rows.
    public var rows: [ReplyFields] {
        guard case .ok(_, let rows) = self else { return [] }
        return rows
    }

    public var errorCode: ErrorCode? {
        guard case .error(let code, _) = self else { return nil }
        return code
    }

    public var isOK: Bool { fields != nil }

    /// The final line as the server sent it, without its LF: `OK ...` or `ERR <CODE> <message>`.
    public var line: String {
        switch self {
        case .ok(let fields, _): fields.isEmpty ? "OK" : "OK " + fields.text
        case .error(let code, let message): message.isEmpty ? "ERR \(code.rawValue)" : "ERR \(code.rawValue) \(message)"
        }
    }
}
