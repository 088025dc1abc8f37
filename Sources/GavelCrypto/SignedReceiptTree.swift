/// One commit's receipt tree with its head's signature: every receipt of the commit is its entry and
/// this tree's path for it, under this one signature.
public struct SignedReceiptTree: Sendable {
    public let range: ReceiptTreeRange
    public let tree: ReceiptTree
    public let signatureBase64: String

    /// The tree of `leafHashes` (the hashes of `range`'s entries, in seq order) with its head signed now.
    public init(range: ReceiptTreeRange, leafHashes: [String], signer: Ed25519Signer) {
        precondition(leafHashes.count == range.leafCount, "one leaf per seq of the range")
        let tree = ReceiptTree(leafHashes: leafHashes)
        let signature = signer.signature(for: Array(range.head(rootHex: tree.rootHex).utf8))
        self.init(range: range, tree: tree, signatureBase64: Base64.encode(signature))
    }

    /// The tree of `leafHashes` under a signature made earlier (Ed25519 is deterministic: the same bytes
    /// as signing again with the same key).
    public init(range: ReceiptTreeRange, leafHashes: [String], signatureBase64: String) {
        precondition(leafHashes.count == range.leafCount, "one leaf per seq of the range")
        self.init(range: range, tree: ReceiptTree(leafHashes: leafHashes), signatureBase64: signatureBase64)
    }

    private init(range: ReceiptTreeRange, tree: ReceiptTree, signatureBase64: String) {
        self.range = range
        self.tree = tree
        self.signatureBase64 = signatureBase64
    }
}
