/// Why the receipt signing key could not be loaded or created; descriptions tell the operator what to fix.
public enum ReceiptKeyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case accessibleByOthers(path: String, mode: UInt32)
    case invalidKey(path: String, underlying: CryptoError)
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "receipt key \(path) does not exist"
        case .unreadable(let path, let reason):
            "receipt key \(path) cannot be read: \(reason)"
        case .accessibleByOthers(let path, let mode):
            "receipt key \(path) is accessible by group or others (mode \(Self.octal(mode))); run chmod 600 \(path)"
        case .invalidKey(let path, let underlying):
            "receipt key \(path) is not a usable Ed25519 private key: \(underlying)"
        case .cannotCreate(let path, let reason):
            "cannot create receipt key \(path): \(reason)"
        }
    }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
