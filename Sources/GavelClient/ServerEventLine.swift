/// A `* <EVENT> <fields>` line: sent by the server on its own, between replies.
public struct ServerEventLine: Hashable, Sendable {
    /// `HELLO`, `OPENED`, `EXTENDED`, `CLOSED`, `CANCELLED`, `BYE`, or a later version's event.
    public let name: String
    public let fields: ReplyFields

    public init(name: String, fields: ReplyFields) {
        self.name = name
        self.fields = fields
    }

    /// The line as sent, without its LF.
    public var line: String { fields.isEmpty ? "* \(name)" : "* \(name) \(fields.text)" }
}
