import GavelClient

/// `--json` output of one reply: `{"ok", "code", "message", "fields", "rows"}`; `code` and `message` are
/// `null` for `OK`, `fields` and `rows` empty for `ERR`. A bare word (no `=`) maps to an empty string.
struct ReplyJSON: Encodable {
    let ok: Bool
    let code: String?
    let message: String?
    let fields: [String: String]
    let rows: [[String: String]]

    init(_ reply: ServerReply) {
        switch reply {
        case .ok(let fields, let rows):
            ok = true
            code = nil
            message = nil
            self.fields = Self.dictionary(fields)
            self.rows = rows.map(Self.dictionary)
        case .error(let code, let message):
            ok = false
            self.code = code.rawValue
            self.message = message
            fields = [:]
            rows = []
        }
    }

    private enum CodingKeys: String, CodingKey {
        case ok, code, message, fields, rows
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ok, forKey: .ok)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(fields, forKey: .fields)
        try container.encode(rows, forKey: .rows)
    }

    /// The first value of each key wins, as `ReplyFields` reads them.
    private static func dictionary(_ fields: ReplyFields) -> [String: String] {
        var result: [String: String] = [:]
        for word in fields.words {
            if let equals = word.firstIndex(of: "=") {
                let key = String(word[..<equals])
                if result[key] == nil { result[key] = String(word[word.index(after: equals)...]) }
            } else if result[String(word)] == nil {
                result[String(word)] = ""
            }
        }
        return result
    }
}
