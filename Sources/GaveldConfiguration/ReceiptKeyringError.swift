public import GavelCrypto

/// Why the receipt keys could not be loaded or rotated; descriptions say what to do.
public enum ReceiptKeyringError: Error, Equatable, Sendable, CustomStringConvertible {
    case key(ReceiptKeyFileError)
    case unreadable(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case history(path: String, ReceiptKeyHistoryError)
    /// The history lists the current key: a rotation stopped after retiring it, before replacing it.
    case unfinishedRotation(historyPath: String)
    /// A rotation failed after the history was written; running it again finishes it.
    case rotationInterrupted(reason: String)

    public var description: String {
        switch self {
        case .key(let error):
            error.description
        case .unreadable(let path, let reason):
            "\(path) cannot be read: \(reason)"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .history(let path, let error):
            "receipt key history \(path) is damaged at \(error)"
        case .unfinishedRotation(let path):
            "\(path) already lists the current receipt key: a key rotation did not finish;"
                + " run gaveld rotate-key to finish it"
        case .rotationInterrupted(let reason):
            "the key rotation stopped half way (\(reason)); run gaveld rotate-key again to finish it"
        }
    }
}
