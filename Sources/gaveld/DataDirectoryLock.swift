import Foundation

/// An exclusive `flock` on `<data dir>/gaveld.lock`: two servers appending to one ledger would fight over
/// its chain, and the receipt key must not change under a running server. The kernel drops the lock when
/// the process dies, so a crash leaves nothing stale.
final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// `whenBusy` finishes the message given when a running gaveld holds the lock (what to do about it).
    init(directory: String, whenBusy: String = "") throws(StartupError) {
        let path = directory + "/gaveld.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StartupError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw StartupError(
                busy
                    ? "another gaveld is already serving data directory \(directory) (\(path) is locked)" + whenBusy
                    : "cannot lock \(path): \(reason)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
