import Foundation
import GavelClient

/// Prints a reply: the lines as the server sent them, or one JSON object. An `ERR` also goes to the
/// diagnostics, so its code is on standard error in both modes.
public struct ReplyPrinter: Sendable {
    public let console: Console
    public let json: Bool

    public init(console: Console, json: Bool) {
        self.console = console
        self.json = json
    }

    public func print(_ reply: ServerReply) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(ReplyJSON(reply)) {
                console.out(String(decoding: data, as: UTF8.self))
            }
        } else {
            for row in reply.rows { console.out("= " + row.text) }
            if reply.isOK { console.out(reply.line) }
        }
        if !reply.isOK { console.err(reply.line) }
    }
}
