import GavelCrypto
import GavelEntry
import NIOCore
import NIOPosix
import Synchronization

/// Signs receipt trees on its own threads: one Ed25519 signature costs tens of microseconds and a tree
/// of 1,024 leaves a thousand hashes, far too much to spend on an event loop that serves thousands of
/// connections. Each signing thread keeps a
/// prepared `Ed25519Signer`, so OpenSSL's per-call algorithm lookup is paid once per thread.
final class ReceiptSigner: Sendable {
    let key: Ed25519PrivateKey
    private let pool: NIOThreadPool
    private let idleSigners = Mutex<[IdleSigner]>([])

    init(key: Ed25519PrivateKey, threads: Int) {
        precondition(threads > 0, "at least one signing thread")
        self.key = key
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// Builds the receipt tree of `leafHashes` (the hashes of `range`'s entries, in seq order) and signs its
    /// head: one signature for every receipt of a commit. Completed on `loop`.
    func signedTree(_ range: ReceiptTreeRange, leafHashes: [String], on loop: any EventLoop)
        -> EventLoopFuture<SignedReceiptTree>
    {
        pool.runIfActive(eventLoop: loop) { [self] in
            precondition(leafHashes.count == range.leafCount, "one leaf per seq of the range")
            let tree = ReceiptTree(leafHashes: leafHashes)
            let head = range.head(rootHex: tree.rootHex)
            let idle = idleSigners.withLock { $0.popLast() } ?? IdleSigner(Ed25519Signer(key: key))
            let signature = Base64.encode(idle.signer.signature(for: Array(head.utf8)))
            idleSigners.withLock { $0.append(idle) }
            return SignedReceiptTree(range: range, tree: tree, signatureBase64: signature)
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
