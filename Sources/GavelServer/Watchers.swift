import GavelCore
import GavelWire
import NIOCore

/// Who watches what: every round, a handle's rounds, or one round. Owned by the engine's event loop.
/// Each session's targets are kept with it too, so a session's goodbye costs its own watches, not a
/// walk over everything the server holds, and no session watches more than `maxPerSession` targets.
struct Watchers {
    let maxPerSession: Int
    private var subscribers: [WatchTarget: Set<SessionLink>] = [:]
    private var targetsBySession: [SessionLink: Set<WatchTarget>] = [:]

    init(maxPerSession: Int) {
        precondition(maxPerSession > 0, "a session may watch at least one target")
        self.maxPerSession = maxPerSession
    }

    /// Watching a target again is no new watch; one past the limit is `RATE_LIMITED`.
    mutating func add(_ session: SessionLink, for target: WatchTarget) throws(GavelError) {
        var targets = targetsBySession[session, default: []]
        guard !targets.contains(target) else { return }
        guard targets.count < maxPerSession else {
            throw .rateLimited("a connection watches at most \(maxPerSession) targets")
        }
        targets.insert(target)
        targetsBySession[session] = targets
        subscribers[target, default: []].insert(session)
    }

    /// Drops the session's watches; how many there were (the work it took).
    @discardableResult
    mutating func remove(_ session: SessionLink) -> Int {
        let targets = targetsBySession.removeValue(forKey: session) ?? []
        for target in targets {
            subscribers[target]?.remove(session)
            if subscribers[target]?.isEmpty == true { subscribers[target] = nil }
        }
        return targets.count
    }

    /// Targets watched by anyone (tests).
    var targetCount: Int { subscribers.count }

    /// Sends `event` once to each session that watches all rounds, the handle or the round: rendered once,
    /// into one buffer that every watcher's channel is handed (a close watched by thousands is one render,
    /// not thousands), and not at all when nobody watches.
    func publish(_ event: ServerEvent, round: RoundID, handle: Handle) {
        var sessions = subscribers[.all] ?? []
        sessions.formUnion(subscribers[.handle(handle)] ?? [])
        sessions.formUnion(subscribers[.round(round)] ?? [])
        guard !sessions.isEmpty else { return }
        let rendered = ByteBuffer(bytes: event.bytes)
        for session in sessions { session.send(rendered) }
    }
}
