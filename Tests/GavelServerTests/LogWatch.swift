import Logging
import Synchronization

/// What a server logs, as a signal: a test waits for the line that says a thing happened instead of
/// polling for its effect.
final class LogWatch: Sendable {
    private struct Seen {
        var messages: [String] = []
        var waiters: [(text: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let seen = Mutex(Seen())

    /// Returns once a message containing `text` is logged, or at once if one was.
    func message(containing text: String) async {
        await withCheckedContinuation { continuation in
            let logged = seen.withLock { seen in
                if seen.messages.contains(where: { $0.contains(text) }) { return true }
                seen.waiters.append((text, continuation))
                return false
            }
            if logged { continuation.resume() }
        }
    }

    /// Whether a message containing `text` has been logged so far.
    func hasLogged(containing text: String) -> Bool {
        seen.withLock { $0.messages.contains { $0.contains(text) } }
    }

    /// A handler that hands this watch every message at `level` and above.
    func handler(level: Logger.Level) -> any LogHandler {
        Handler(watch: self, logLevel: level)
    }

    fileprivate func record(_ message: String) {
        let due = seen.withLock { seen in
            seen.messages.append(message)
            let due = seen.waiters.filter { message.contains($0.text) }
            seen.waiters.removeAll { message.contains($0.text) }
            return due
        }
        for waiter in due { waiter.continuation.resume() }
    }

    private struct Handler: LogHandler {
        let watch: LogWatch
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            watch.record(event.message.description)
        }
    }
}
