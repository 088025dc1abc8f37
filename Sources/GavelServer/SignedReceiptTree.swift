import GavelCrypto
import GavelWire

/// One commit's receipt tree with its head's signature: every receipt of the commit is its entry and
/// this tree's proof for it.
struct SignedReceiptTree: Sendable {
    let range: ReceiptTreeRange
    let tree: ReceiptTree
    let signatureBase64: String

    /// The `tree= path= sig=` of the entry with `seq`, which is in the range.
    func proof(ofSeq seq: Int64) -> ReceiptProof {
        precondition(range.contains(seq), "seq \(seq) is not in tree \(range)")
        return ReceiptProof(
            tree: range.description, path: tree.paths[Int(seq - range.first)].description,
            signatureBase64: signatureBase64)
    }
}
