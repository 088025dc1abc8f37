import GavelCrypto
import GavelEntry
import NIOCore
import NIOPosix
import Synchronization

/// Builds and signs receipt trees of entries read back from the ledger, on its own threads: one Ed25519
/// signature costs tens of microseconds and a tree of 1,024 leaves a thousand hashes, far too much to
/// spend on an event loop that serves thousands of connections. (A new commit's trees are signed by the
/// ledger's writer.) Each signing thread keeps a prepared `Ed25519Signer`, so OpenSSL's per-call
/// algorithm lookup is paid once per thread.
final class ReceiptSigner: Sendable {
    let key: Ed25519PrivateKey
    /// The key's base64 SPKI, under which the ledger keeps signatures.
    let publicKeyBase64: String
    private let pool: NIOThreadPool
    private let idleSigners = Mutex<[IdleSigner]>([])

    init(key: Ed25519PrivateKey, threads: Int) {
        precondition(threads > 0, "at least one signing thread")
        self.key = key
        publicKeyBase64 = key.publicKey.base64SPKI
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Builds the receipt tree of `leafHashes` (the hashes of `range`'s entries, in seq order) under the
    /// signature the ledger kept for it, or signs its head now when it kept none under this key. Completed
    /// on `loop`.
    func signedTree(
        _ range: ReceiptTreeRange, leafHashes: [String], keptSignatureBase64: String?, on loop: any EventLoop
    ) -> EventLoopFuture<SignedReceiptTree> {
        pool.runIfActive(eventLoop: loop) { [self] in
            if let keptSignatureBase64 {
                return SignedReceiptTree(range: range, leafHashes: leafHashes, signatureBase64: keptSignatureBase64)
            }
            let idle = idleSigners.withLock { $0.popLast() } ?? IdleSigner(Ed25519Signer(key: key))
            let signed = SignedReceiptTree(range: range, leafHashes: leafHashes, signer: idle.signer)
            idleSigners.withLock { $0.append(idle) }
            return signed
        }
    }

    func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}

/// A signer between uses. `@unchecked Sendable`: the mutex above hands each one to a single thread at a
/// time, which is all `Ed25519Signer` needs; it is never used by two threads at once.
private final class IdleSigner: @unchecked Sendable {
    let signer: Ed25519Signer

    init(_ signer: Ed25519Signer) {
        self.signer = signer
    }
}
