/// Why a receipt's `tree=` and `path=` cannot lead from its entry to a signed root.
public enum ReceiptTreeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The receipt's seq is not in the range its `tree=` names.
    case seqOutsideTree(seq: Int64, ReceiptTreeRange)
    /// The path's length or side letters are not those of the seq's leaf in a tree of that range.
    case pathDoesNotFit(seq: Int64, ReceiptTreeRange)

    public var description: String {
        switch self {
        case .seqOutsideTree(let seq, let range): "tree=\(range) does not contain seq \(seq)"
        case .pathDoesNotFit(let seq, let range): "path= is not the path of seq \(seq) in tree=\(range)"
        }
    }
}
