import GavelCrypto
import NIOCore

/// The trees signed or being signed lately, by range. The receipts of one commit ask for the same tree
/// one after another, so a short memory is enough for one signature per commit; an older tree is signed
/// again when asked (the same bytes: Ed25519 is deterministic).
struct SignedTreeCache {
    /// Comfortably more than the commits in flight at once.
    static let capacity = 64

    private var signing: [ReceiptTreeRange: EventLoopFuture<SignedReceiptTree>] = [:]
    private var order: [ReceiptTreeRange] = []

    func signing(_ range: ReceiptTreeRange) -> EventLoopFuture<SignedReceiptTree>? {
        signing[range]
    }

    mutating func remember(_ future: EventLoopFuture<SignedReceiptTree>, for range: ReceiptTreeRange) {
        if signing.updateValue(future, forKey: range) == nil { order.append(range) }
        if order.count > Self.capacity { signing[order.removeFirst()] = nil }
    }

    mutating func forget(_ range: ReceiptTreeRange) {
        signing[range] = nil
        order.removeAll { $0 == range }
    }
}
