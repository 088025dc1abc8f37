/// Every way a command can fail. `code` is the one place that maps a failure to the protocol's error code.
public enum GavelError: Error, Hashable, Sendable {
    case syntax(String)
    case unknownCommand(String)
    case lineTooLong(maximumBytes: Int)
    case authRequired
    case authFailed
    case forbidden(String)
    case notFound(String)
    case badHandle(String)
    case badAmount(AmountError)
    case belowReserve(Money)
    case roundNotOpen(RoundID, RoundState)
    case roundClosed(RoundID)
    case conflict(String)
    /// The bids of the round are sealed. Without a round: RECEIPT of an entry sealed until its round
    /// closes, whose text names no round and is the same for every such entry (which entries belong to
    /// which open round is sealed too).
    case sealed(RoundID?)
    case notVerified(BidderName)
    case rateLimited(String)
    /// The limit of `scope` that the connection would exceed.
    case tooManyConnections(limit: Int, scope: ConnectionLimitScope = .all)
    case unavailable(String)
    case `internal`(String)

    public var code: ErrorCode {
        switch self {
        case .syntax: .syntax
        case .unknownCommand: .unknownCommand
        case .lineTooLong: .lineTooLong
        case .authRequired: .authRequired
        case .authFailed: .authFailed
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .badHandle: .badHandle
        case .badAmount: .badAmount
        case .belowReserve: .belowReserve
        case .roundNotOpen: .roundNotOpen
        case .roundClosed: .roundClosed
        case .conflict: .conflict
        case .sealed: .sealed
        case .notVerified: .notVerified
        case .rateLimited: .rateLimited
        case .tooManyConnections: .tooManyConnections
        case .unavailable: .unavailable
        case .internal: .internal
        }
    }

    /// The free text after the code on an `ERR` line: one line, human-readable.
    public var message: String {
        switch self {
        case .syntax(let text), .forbidden(let text), .notFound(let text), .badHandle(let text),
            .conflict(let text), .rateLimited(let text), .unavailable(let text), .internal(let text):
            text
        case .unknownCommand(let word): "unknown command \(word)"
        case .lineTooLong(let maximumBytes): "line longer than \(maximumBytes) bytes"
        case .authRequired: "authenticate with AUTH <token> first"
        case .authFailed: "bad token"
        case .badAmount(let reason): reason.description
        case .belowReserve(let reserve): "bid is below the reserve of \(reserve)"
        case .roundNotOpen(let round, let state): "round \(round) is \(state.rawValue)"
        case .roundClosed(let round): "round \(round) is closed"
        case .sealed(let round?): "round \(round) has not closed; its bids are sealed"
        case .sealed(nil): "this entry is sealed until its round closes"
        case .notVerified(let bidder): "bidder \(bidder) is not verified"
        case .tooManyConnections(let limit, .all): "connection limit of \(limit) reached"
        case .tooManyConnections(let limit, .oneAddress): "limit of \(limit) connections from one address reached"
        case .tooManyConnections(let limit, .unauthenticated):
            "limit of \(limit) connections not yet authenticated reached"
        case .tooManyConnections(let limit, .unauthenticatedFromOneAddress):
            "limit of \(limit) connections not yet authenticated from one address reached"
        }
    }
}
