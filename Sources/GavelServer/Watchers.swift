import GavelCore
import GavelWire

/// Who watches what: every round, a handle's rounds, or one round. Owned by the engine's event loop.
struct Watchers {
    private var subscribers: [WatchTarget: Set<SessionLink>] = [:]

    mutating func add(_ session: SessionLink, for target: WatchTarget) {
        subscribers[target, default: []].insert(session)
    }

    mutating func remove(_ session: SessionLink) {
        for target in Array(subscribers.keys) {
            subscribers[target]?.remove(session)
            if subscribers[target]?.isEmpty == true { subscribers[target] = nil }
        }
    }

    /// Sends `event` once to each session that watches all rounds, the handle or the round.
    func publish(_ event: ServerEvent, round: RoundID, handle: Handle) {
        var sessions = subscribers[.all] ?? []
        sessions.formUnion(subscribers[.handle(handle)] ?? [])
        sessions.formUnion(subscribers[.round(round)] ?? [])
        for session in sessions { session.send(event) }
    }
}
