import Synchronization

/// What back-pressure did, over every connection since the server started: how often a client's reads
/// were held because it did not read its replies, and the clients closed for it.
public final class BackPressureStatistics: Sendable {
    private let heldReads = Atomic<Int>(0)
    private let closedSlowReaders = Atomic<Int>(0)
    private let largestBufferedBytes = Atomic<Int>(0)
    /// Those waiting in `readHeld()`.
    private let heldReadWaiters = Mutex<[CheckedContinuation<Void, Never>]>([])

    init() {}

    /// Times a connection's reading was paused because its replies were not read.
    public var readsHeld: Int { heldReads.load(ordering: .relaxed) }
    /// Connections closed after staying unwritable for `slow_reader_timeout_ms`.
    public var slowReadersClosed: Int { closedSlowReaders.load(ordering: .relaxed) }
    /// The most reply bytes any of those connections still had buffered when it was closed.
    public var largestBufferedBytesAtClose: Int { largestBufferedBytes.load(ordering: .relaxed) }

    /// Returns once a connection's reading has been paused, at once if one was: a signal for tests.
    public func readHeld() async {
        await withCheckedContinuation { continuation in
            let held = heldReadWaiters.withLock { waiters in
                if readsHeld > 0 { return true }
                waiters.append(continuation)
                return false
            }
            if held { continuation.resume() }
        }
    }

    func recordHeldRead() {
        heldReads.wrappingAdd(1, ordering: .relaxed)
        let waiters = heldReadWaiters.withLock { waiters in
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func recordSlowReaderClosed(bufferedBytes: Int) {
        closedSlowReaders.wrappingAdd(1, ordering: .relaxed)
        largestBufferedBytes.max(bufferedBytes, ordering: .relaxed)
    }
}
