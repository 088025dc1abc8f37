import Foundation
import GavelCrypto

/// The bootstrap auctioneer token kept in `<data dir>/admin.token` (mode 0600) when `GAVEL_ADMIN_TOKEN`
/// does not give one: read when present, generated and written on first start.
public enum AdminTokenFile {
    public enum Outcome: Equatable, Sendable {
        case loaded
        case created
    }

    /// Reads the token, or generates one and writes it with mode 0600 when the file does not exist. A file
    /// that group or others can read, that is empty, or that holds more than one word is refused.
    public static func loadOrCreate(path: String) throws(AdminTokenFileError) -> (AdminToken, Outcome) {
        if let token = try load(path: path) { return (token, .loaded) }
        let token: String
        do {
            token = try SecureRandom.randomToken()
        } catch {
            throw .cannotCreate(path: path, reason: "\(error)")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            // Another process wrote it since `load` found nothing: its token wins.
            if errno == EEXIST, let token = try load(path: path) { return (token, .loaded) }
            throw .cannotCreate(path: path, reason: reason)
        }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw .cannotCreate(path: path, reason: reason)
        }
        return (AdminToken(token), .created)
    }

    /// The token in the file, or `nil` when there is no file.
    public static func load(path: String) throws(AdminTokenFileError) -> AdminToken? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .accessibleByOthers(path: path, mode: UInt32(info.st_mode & 0o7777))
        }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(descriptor, &buffer, buffer.count)
        guard count >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard AdminToken.isValid(text) else { throw .invalid(path: path) }
        return AdminToken(text)
    }
}
