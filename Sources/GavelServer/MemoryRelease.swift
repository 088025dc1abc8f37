import CGavelMalloc
import NIOCore
import Synchronization

/// Gives freed memory back to the system after a connection that held its reads for unread replies
/// closes. glibc keeps what such a connection's replies used (up to `max_output_buffer_bytes` each) in
/// its arenas, so twenty clients that never read left ~15 MB of a 40 MB server behind for good. One
/// `malloc_trim` a quarter second after the close, however many close meanwhile.
final class MemoryRelease: Sendable {
    static let delayMs: Int64 = 250

    private let isScheduled = Atomic<Bool>(false)

    /// A connection whose replies backed up has closed: trim on `loop` in `delayMs`, unless a trim is due.
    func backedUpConnectionClosed(on loop: any EventLoop) {
        guard isScheduled.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
            return
        }
        loop.scheduleTask(in: .milliseconds(Self.delayMs)) { [self] in
            isScheduled.store(false, ordering: .relaxed)
            _ = gavel_release_free_memory()
        }
    }
}
