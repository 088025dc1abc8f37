import GavelCrypto
import GavelLedger
import NIOCore
import NIOPosix

/// Signs receipts on its own threads: one Ed25519 signature costs tens of microseconds, far too much
/// to spend on an event loop that serves thousands of connections.
final class ReceiptSigner: Sendable {
    let key: Ed25519PrivateKey
    private let pool: NIOThreadPool

    init(key: Ed25519PrivateKey, threads: Int) {
        precondition(threads > 0, "at least one signing thread")
        self.key = key
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// The base64 Ed25519 signature of the canonical line, completed on `loop`.
    func signature(of line: String, on loop: any EventLoop) -> EventLoopFuture<String> {
        let key = key
        return pool.runIfActive(eventLoop: loop) {
            Base64.encode(key.signature(for: Array(line.utf8)))
        }
    }

    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}
