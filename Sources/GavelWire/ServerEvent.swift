import GavelCore

/// A `* ` line the server sends on its own: on connect, for watched rounds, and before it closes.
public enum ServerEvent: Hashable, Sendable {
    /// `* HELLO proto=1 server=gaveld/<version> alg=ed25519 key=<base64 SPKI DER>`
    case hello(serverVersion: String, publicKeyBase64: String)
    case opened(round: RoundID, handle: Handle, closes: Timestamp)
    case extended(round: RoundID, closes: Timestamp)
    /// `award` is `nil` for an unsold round.
    case closed(round: RoundID, handle: Handle, award: Award?)
    case cancelled(round: RoundID, handle: Handle)
    /// `reason` is one word: `shutdown`, `idle`, `limit`, ...
    case bye(reason: String)

    /// The protocol version `HELLO` announces.
    public static let protocolVersion = 1

    /// The watch event of a ledger event, for the kinds watchers hear of: open, extend, close, cancel.
    public init?(_ event: Event) {
        switch event {
        case .open(let opened): self = .opened(round: opened.round, handle: opened.handle, closes: opened.closes)
        case .extend(let extended): self = .extended(round: extended.round, closes: extended.closes)
        case .close(let closed): self = .closed(round: closed.round, handle: closed.handle, award: closed.award)
        case .cancel(let cancelled): self = .cancelled(round: cancelled.round, handle: cancelled.handle)
        case .bidder, .verify, .handle, .inquiry, .bid, .withdraw, .settle, .transfer: return nil
        }
    }

    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .opened: "OPENED"
        case .extended: "EXTENDED"
        case .closed: "CLOSED"
        case .cancelled: "CANCELLED"
        case .bye: "BYE"
        }
    }

    public var fields: Fields {
        switch self {
        case .hello(let version, let key):
            return ["proto": Self.protocolVersion, "server": "gaveld/" + version, "alg": "ed25519", "key": key]
        case .opened(let round, let handle, let closes):
            return ["round": round, "handle": handle, "closes": closes]
        case .extended(let round, let closes):
            return ["round": round, "closes": closes]
        case .closed(let round, let handle, let award):
            var fields: Fields = ["round": round, "handle": handle]
            fields.appendResult(award, bids: nil)
            return fields
        case .cancelled(let round, let handle):
            return ["round": round, "handle": handle]
        case .bye(let reason):
            return ["reason": reason]
        }
    }

    /// Appends `* <EVENT> <fields>` and a LF to `buffer`.
    public func render(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "* ".utf8)
        buffer.append(contentsOf: name.utf8)
        buffer.append(Fields.space)
        buffer.append(contentsOf: fields.bytes)
        buffer.append(Fields.lf)
    }

    public var bytes: [UInt8] {
        var buffer: [UInt8] = []
        render(into: &buffer)
        return buffer
    }
}
