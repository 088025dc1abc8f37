import CLibPQ
import Logging

/// Sends server notices (e.g. "database does not exist, skipping") to the logger instead of libpq's default of
/// printing them to stderr, where they would interleave with test and server output.
final class PostgresNoticeForwarder {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func install(on connection: OpaquePointer) {
        PQsetNoticeProcessor(connection, forwardNotice, Unmanaged.passUnretained(self).toOpaque())
    }
}

/// libpq calls this C function pointer with the context registered in `install`; the connection owns the
/// forwarder, and detaches it by calling PQfinish before releasing it, so the unretained pointer stays valid.
private func forwardNotice(_ context: UnsafeMutableRawPointer?, _ message: UnsafePointer<CChar>?) {
    guard let context, let message else { return }
    let forwarder = Unmanaged<PostgresNoticeForwarder>.fromOpaque(context).takeUnretainedValue()
    forwarder.logger.debug("\(PostgresError.normalized(String(cString: message)))")
}
