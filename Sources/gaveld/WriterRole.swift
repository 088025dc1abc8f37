import Foundation
import Synchronization

/// What the ledger tells `gaveld serve` about being the writer (invariant 10): that it stepped down, or
/// that the process is stopping while it still waits as the standby. Shared by the ledger's thread and
/// the service's task.
final class WriterRole: Sendable {
    private let stopping = Mutex(false)
    let stepDowns: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init() {
        (stepDowns, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The ledger lost the writer lock to another process: this gaveld must stop serving.
    func stepDown(_ reason: String) {
        continuation.yield(reason)
    }

    /// The process is shutting down: a standby stops waiting, and nobody waits for a step-down any more.
    func stop() {
        stopping.withLock { $0 = true }
        continuation.finish()
    }

    var isStopping: Bool {
        stopping.withLock { $0 }
    }

    /// The name the ledger's sessions carry in `pg_stat_activity` (`gaveld host 127.0.0.1:7070`), which
    /// a standby shows when it says who holds the lock.
    static func applicationName(listen: String) -> String {
        "gaveld \(ProcessInfo.processInfo.hostName) \(listen)"
    }
}
