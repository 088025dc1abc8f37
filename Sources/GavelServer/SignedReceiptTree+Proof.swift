import GavelCrypto
import GavelWire

extension SignedReceiptTree {
    /// The `tree= path= sig=` of the entry with `seq`, which is in the range.
    func proof(ofSeq seq: Int64) -> ReceiptProof {
        precondition(range.contains(seq), "seq \(seq) is not in tree \(range)")
        return ReceiptProof(
            tree: range.description, path: tree.paths[Int(seq - range.first)].description,
            signatureBase64: signatureBase64)
    }
}
