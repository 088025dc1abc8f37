/// The row a writer writes when it takes the lock: which epoch, and which key it signs with.
public struct WriterClaim: Sendable, Equatable {
    public let epoch: Int64
    public let publicKey: String

    public init(epoch: Int64, publicKey: String) {
        self.epoch = epoch
        self.publicKey = publicKey
    }
}
