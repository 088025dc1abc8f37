/// What follows the entry in a receipt (PROTOCOL.md, Receipts): its tree, its path in that tree and the
/// signature of the tree's head, already in their wire form.
public struct ReceiptProof: Hashable, Sendable {
    /// `<first>-<last>`
    public let tree: String
    /// `L<hex>,R<hex>…`, or `-` for a tree of one leaf.
    public let path: String
    public let signatureBase64: String

    public init(tree: String, path: String, signatureBase64: String) {
        self.tree = tree
        self.path = path
        self.signatureBase64 = signatureBase64
    }

    func appended(to entry: Fields) -> Fields {
        var fields = entry
        fields.append("tree", tree)
        fields.append("path", path)
        fields.append("sig", signatureBase64)
        return fields
    }
}
