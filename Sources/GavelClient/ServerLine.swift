import GavelCore

/// One line from the server, classified by its prefix (PROTOCOL.md, "Replies").
enum ServerLine: Hashable, Sendable {
    case ok(ReplyFields)
    case error(code: ErrorCode?, message: String)
    case row(ReplyFields)
    case event(ServerEventLine)

    init(parsing line: String) throws(GavelClientError) {
        let bytes = line.utf8
        if bytes.elementsEqual("OK".utf8) {
            self = .ok(ReplyFields(""))
        } else if bytes.starts(with: "OK ".utf8) {
            self = .ok(ReplyFields(line.dropFirst(3)))
        } else if bytes.starts(with: "= ".utf8) {
            self = .row(ReplyFields(line.dropFirst(2)))
        } else if bytes.starts(with: "* ".utf8) {
            let body = line.dropFirst(2)
            let name = body.prefix { $0 != " " }
            guard !name.isEmpty else { throw .protocolViolation(line: line) }
            self = .event(ServerEventLine(name: String(name), fields: ReplyFields(body.dropFirst(name.count + 1))))
        } else if bytes.starts(with: "ERR ".utf8) {
            let body = line.dropFirst(4)
            let code = body.prefix { $0 != " " }
            self = .error(code: ErrorCode(rawValue: String(code)), message: String(body.dropFirst(code.count + 1)))
        } else {
            throw .protocolViolation(line: line)
        }
    }
}
