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

    /// The line of the receipt of `entry`: the entry, then ` tree=`, ` path=` and ` sig=`, in one buffer
    /// sized for all of it.
    func receiptFields(entry: String) -> Fields {
        var fields = Fields(
            verbatim: entry, extraCapacity: tree.utf8.count + path.utf8.count + signatureBase64.utf8.count + 17)
        fields.append("tree", tree)
        fields.append("path", path)
        fields.append("sig", signatureBase64)
        return fields
    }
}
