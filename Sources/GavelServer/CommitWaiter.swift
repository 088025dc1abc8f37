import GavelWire
import NIOCore

/// Who hears of an entry's commit: a command that waits for it, or a recording command whose reply is the
/// entry's receipt, made as the commit ends (one promise per BID, not a chain of futures).
enum CommitWaiter {
    case committed(EventLoopPromise<Void>)
    case receipt(EventLoopPromise<Reply>)

    /// Succeeds once the entry is committed, whatever waits for it.
    var committed: EventLoopFuture<Void> {
        switch self {
        case .committed(let promise): promise.futureResult
        case .receipt(let promise): promise.futureResult.map { _ in }
        }
    }

    func fail(_ error: any Error) {
        switch self {
        case .committed(let promise): promise.fail(error)
        case .receipt(let promise): promise.fail(error)
        }
    }
}
