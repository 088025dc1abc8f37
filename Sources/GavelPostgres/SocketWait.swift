import Foundation

/// Waits for a socket with `poll(2)`, which is how the non-blocking libpq connection stays bounded in time.
enum SocketWait {
    /// Returns the events that occurred, or `nil` when the deadline passed first.
    static func wait(socket: Int32, events: Int16, deadline: Deadline) -> Int16? {
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        while true {
            let remainingMs = deadline.remainingMs
            let ready = poll(&descriptor, 1, Int32(clamping: remainingMs))
            if ready > 0 { return descriptor.revents }
            if ready == 0 && remainingMs == 0 { return nil }
            // A spurious wake-up (EINTR, or poll returning early) loops; any other poll failure is reported as
            // an error condition so libpq, on its next read, produces the real diagnosis.
            if ready < 0 && errno != EINTR { return Int16(POLLERR) }
        }
    }
}
