import GavelCore

/// The one reply every command gets: `OK` with its fields, after any `= ` rows of a listing, or `ERR`.
public enum Reply: Hashable, Sendable {
    case success(rows: [Fields], fields: Fields)
    /// Nothing was changed or recorded; a failure has no rows.
    case failure(GavelError)

    public static func ok(_ fields: Fields = Fields()) -> Reply {
        .success(rows: [], fields: fields)
    }

    /// A listing: its rows, then `OK count=N`.
    public static func listing(_ rows: [Fields]) -> Reply {
        .success(rows: rows, fields: ["count": rows.count])
    }

    /// Appends the reply's lines, each ending in LF, to `buffer`.
    public func render(into buffer: inout [UInt8]) {
        switch self {
        case .success(let rows, let fields):
            for row in rows { Self.appendLine(prefix: "=", row, into: &buffer) }
            Self.appendLine(prefix: "OK", fields, into: &buffer)
        case .failure(let error):
            Self.appendError(error, into: &buffer)
        }
    }

    /// The reply's bytes, for tests and for callers without a buffer of their own.
    public var bytes: [UInt8] {
        var buffer: [UInt8] = []
        render(into: &buffer)
        return buffer
    }

    /// `OK` alone when there are no fields: no trailing space.
    private static func appendLine(prefix: String, _ fields: Fields, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: prefix.utf8)
        if !fields.isEmpty {
            buffer.append(Fields.space)
            buffer.append(contentsOf: fields.bytes)
        }
        buffer.append(Fields.lf)
    }

    /// `ERR <CODE> <message>`. A message may echo what a client typed, so its control bytes (CR and LF,
    /// but also ESC, BEL, DEL and the rest) become spaces: the reply stays one line, and a terminal that
    /// shows it is not steered by it.
    private static func appendError(_ error: GavelError, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "ERR ".utf8)
        buffer.append(contentsOf: error.code.rawValue.utf8)
        let message = error.message
        if !message.isEmpty {
            buffer.append(Fields.space)
            let messageStart = buffer.count
            buffer.append(contentsOf: message.utf8)
            for index in messageStart..<buffer.count where buffer[index] < Fields.space || buffer[index] == Fields.del {
                buffer[index] = Fields.space
            }
        }
        buffer.append(Fields.lf)
    }
}
