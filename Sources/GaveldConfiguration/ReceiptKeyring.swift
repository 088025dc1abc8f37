import Foundation
public import GavelCore
public import GavelCrypto
public import GavelWire

/// A data directory's receipt keys: the current one (`receipt-key.pem`, mode 0600), when it was made
/// (`receipt-key.created`) and the public halves of the keys it replaced (`receipt-key-history`).
public struct ReceiptKeyring: Sendable, Equatable {
    public let keyPath: String
    public let createdPath: String
    public let historyPath: String

    public init(dataDirectory: String) {
        keyPath = dataDirectory + "/receipt-key.pem"
        createdPath = dataDirectory + "/receipt-key.created"
        historyPath = dataDirectory + "/receipt-key-history"
    }

    /// What the server signs with and what `PUBKEY` lists.
    public struct Keys: Sendable {
        public let key: Ed25519PrivateKey
        /// When the current key was made; `nil` for a key made before creation times were recorded.
        public let since: Timestamp?
        public let history: ReceiptKeyHistory
    }

    /// A finished rotation.
    public struct Rotation: Sendable {
        public let retired: RetiredKey
        public let key: Ed25519PrivateKey
        /// True when this finished a rotation an earlier run left half done, rather than starting one.
        public let resumed: Bool
    }

    /// Loads the key, generating it (and recording `now` as its creation time) on first start, and the
    /// history. A history that already lists the current key means a rotation stopped half way.
    public func loadOrCreate(now: Timestamp) throws(ReceiptKeyringError) -> (keys: Keys, created: Bool) {
        let existed = FileManager.default.fileExists(atPath: keyPath)
        let key: Ed25519PrivateKey
        do {
            key = try ReceiptKeyFile.loadOrCreate(path: keyPath)
        } catch {
            throw .key(error)
        }
        if !existed { try write(now.description + "\n", to: createdPath) }
        let keys = Keys(key: key, since: try since(), history: try history())
        guard !keys.history.contains(keyBase64: key.publicKey.base64SPKI) else {
            throw .unfinishedRotation(historyPath: historyPath)
        }
        return (keys, !existed)
    }

    /// Loads the key and the history; never creates anything.
    public func load() throws(ReceiptKeyringError) -> Keys {
        let key: Ed25519PrivateKey
        do {
            key = try ReceiptKeyFile.load(path: keyPath)
        } catch {
            throw .key(error)
        }
        return Keys(key: key, since: try since(), history: try history())
    }

    /// Moves the current key into the history (`until` = `now`) and puts a new one in its place. The steps
    /// are ordered so that a crash between any two leaves a state that running `rotate` again finishes:
    /// the history first (the old public key is never lost), then the new key's creation time, then the key.
    public func rotate(now: Timestamp) throws(ReceiptKeyringError) -> Rotation {
        let current: Ed25519PrivateKey
        do {
            current = try ReceiptKeyFile.load(path: keyPath)
        } catch {
            throw .key(error)
        }
        var history = try history()
        let currentBase64 = current.publicKey.base64SPKI
        let retired: RetiredKey
        let resumed = history.retired.last?.keyBase64 == currentBase64
        if resumed, let last = history.retired.last {
            retired = last
        } else {
            let from: Timestamp
            if let recorded = try since() { from = recorded } else { from = try keyFileModificationTime() }
            retired = RetiredKey(keyBase64: currentBase64, from: from, until: max(now, from))
            do {
                try history.retire(retired)
            } catch {
                throw .history(path: historyPath, error)
            }
            try write(history.text, to: historyPath)
        }
        do {
            try write(retired.until.description + "\n", to: createdPath)
            return Rotation(retired: retired, key: try ReceiptKeyFile.replace(path: keyPath), resumed: resumed)
        } catch {
            throw .rotationInterrupted(reason: "\(error)")
        }
    }

    /// The history, empty when the file does not exist (no rotation yet).
    public func history() throws(ReceiptKeyringError) -> ReceiptKeyHistory {
        guard let text = try read(historyPath) else { return ReceiptKeyHistory() }
        do {
            return try ReceiptKeyHistory(parsing: text)
        } catch {
            throw .history(path: historyPath, error)
        }
    }

    /// The current key's creation time, `nil` when it was not recorded.
    public func since() throws(ReceiptKeyringError) -> Timestamp? {
        guard let text = try read(createdPath) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let time = Timestamp(rfc3339: trimmed) else {
            throw .unreadable(path: createdPath, reason: "expected one time like 2026-11-24T16:00:00.123Z")
        }
        return time
    }

    /// Keys from before creation times were recorded: the key file is written once and never modified,
    /// so its modification time is when it was made.
    private func keyFileModificationTime() throws(ReceiptKeyringError) -> Timestamp {
        var info = stat()
        guard stat(keyPath, &info) == 0 else {
            throw .unreadable(path: keyPath, reason: String(cString: strerror(errno)))
        }
        return Timestamp(
            millisecondsSinceEpoch: Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000)
    }

    private func read(_ path: String) throws(ReceiptKeyringError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot read the file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func write(_ text: String, to path: String) throws(ReceiptKeyringError) {
        do {
            try DurableFile.replace(path, with: Array(text.utf8))
        } catch {
            throw .cannotWrite(path: path, reason: error.description)
        }
    }
}
