#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Storage for the Ed25519 key that signs bid receipts, as an owner-only PKCS#8 PEM file.
public enum ReceiptKeyFile {
    private static let groupAndOtherBits: mode_t = 0o077

    /// Loads the key, refusing files that group or others could access: anyone who can read the key
    /// can forge receipts, so a permissive mode is treated as a deployment error rather than a warning.
    public static func load(path: String) throws(ReceiptKeyFileError) -> Ed25519PrivateKey {
        let pem = try readOwnerOnlyFile(at: path)
        do {
            return try Ed25519PrivateKey(pem: String(decoding: pem, as: UTF8.self))
        } catch {
            throw .invalidKey(path: path, underlying: error)
        }
    }

    /// Loads the key, or generates and stores one with mode 0600 when the file does not exist yet.
    public static func loadOrCreate(path: String) throws(ReceiptKeyFileError) -> Ed25519PrivateKey {
        do {
            return try load(path: path)
        } catch .missing {
            return try create(path: path)
        }
    }

    /// Generates a new key and puts it in place of the one at `path`, whose private half is gone afterwards:
    /// rotation replaces a key that may have leaked, and checking old receipts needs only its public half.
    public static func replace(path: String) throws(ReceiptKeyFileError) -> Ed25519PrivateKey {
        do {
            let key = try Ed25519PrivateKey.generate()
            try DurableFile.replace(path, with: Array(key.pemRepresentation.utf8))
            return key
        } catch {
            throw .cannotCreate(path: path, reason: "\(error)")
        }
    }

    private static func readOwnerOnlyFile(at path: String) throws(ReceiptKeyFileError) -> [UInt8] {
        let file = try openForReading(path)
        try checkOwnerOnly(file, path: path)
        do {
            return try file.readToEnd()
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
    }

    private static func openForReading(_ path: String) throws(ReceiptKeyFileError) -> FileDescriptor {
        do {
            return try FileDescriptor(opening: path, flags: O_RDONLY | O_CLOEXEC)
        } catch {
            throw error.code == ENOENT ? .missing(path: path) : .unreadable(path: path, reason: error.description)
        }
    }

    private static func checkOwnerOnly(_ file: borrowing FileDescriptor, path: String) throws(ReceiptKeyFileError) {
        let status: stat
        do {
            status = try file.status()
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        guard status.st_mode & groupAndOtherBits == 0 else {
            throw .accessibleByOthers(path: path, mode: UInt32(status.st_mode & 0o7777))
        }
    }

    private static func create(path: String) throws(ReceiptKeyFileError) -> Ed25519PrivateKey {
        let key: Ed25519PrivateKey
        do {
            key = try Ed25519PrivateKey.generate()
        } catch {
            throw .cannotCreate(path: path, reason: error.description)
        }
        // Another process may have created the file since `load` failed; its key wins so that
        // every process signs with the same key.
        guard try publish(Array(key.pemRepresentation.utf8), at: path) else {
            return try load(path: path)
        }
        return key
    }

    private static func publish(_ contents: [UInt8], at path: String) throws(ReceiptKeyFileError) -> Bool {
        do {
            return try linkDurably(contents, from: try DurableFile.temporaryPath(for: path), to: path)
        } catch {
            throw .cannotCreate(path: path, reason: error.description)
        }
    }

    /// Makes `contents` appear at `path` all at once, returning false if `path` already exists.
    ///
    /// The contents are written and fsynced under a temporary name first, so a crash never leaves a
    /// truncated key behind. `link` rather than `rename` moves it into place because `link` refuses
    /// to replace an existing file, where `rename` would silently swap the key under a concurrent process.
    private static func linkDurably(_ contents: [UInt8], from temporaryPath: String, to path: String)
        throws(SystemCallError) -> Bool
    {
        try DurableFile.writeDurably(contents, toNewFile: temporaryPath)
        let linkStatus = link(temporaryPath, path)
        let linkError = SystemCallError("link")
        unlink(temporaryPath)
        guard linkStatus == 0 else {
            guard linkError.code == EEXIST else {
                throw linkError
            }
            return false
        }
        try DurableFile.synchronizeDirectory(containing: path)
        return true
    }
}
