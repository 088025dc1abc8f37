import GavelCore
import GavelWire

/// One BID a connection is about to send, and what its reply must be.
struct PlannedBid: Sendable {
    enum Kind: Sendable {
        /// The next round in the connection's rotation (or, in a burst, the round closing next).
        case rotating
        /// The round of the connection's previous bid: it replaces that bid.
        case sameRound
        /// An earlier ref again: the reply must be this receipt, byte for byte.
        case retry(expectedLine: String)
    }

    let command: Command
    let kind: Kind
    let round: LoadRound
    let ref: IdempotencyRef
}
