/// Why the admin token file could not be used; descriptions say what to fix.
public enum AdminTokenFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case accessibleByOthers(path: String, mode: UInt32)
    case invalid(path: String)
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "admin token file \(path) cannot be read: \(reason)"
        case .accessibleByOthers(let path, let mode):
            "admin token file \(path) is accessible by group or others (mode \(String(mode, radix: 8)));"
                + " run chmod 600 \(path)"
        case .invalid(let path):
            "admin token file \(path) must hold one token of 1 to 256 printable characters without spaces"
        case .cannotCreate(let path, let reason):
            "cannot create admin token file \(path): \(reason)"
        }
    }
}
