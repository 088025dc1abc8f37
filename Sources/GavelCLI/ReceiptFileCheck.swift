import Foundation
import GavelClient
import GavelCrypto
import GavelEntry

/// `gavel verify-receipt FILE [--key PEM]`: checks a saved receipt offline: its entry's hash and field
/// order, its path in its tree, then the tree head's signature with the key (by default each key saved
/// beside the file: `key.pem` and `keys/*.pem`).
public enum ReceiptFileCheck {
    /// Prints `valid seq=<n> kind=<k> tree=<first>-<last> key=<fingerprint>` and returns `.ok`, or prints
    /// what failed (hash, path, a tree that does not hold the seq, signature) and returns `.serverError`
    /// (exit 1).
    public static func run(file: String, keyFile: String?, console: Console) -> ExitStatus {
        let fileURL = URL(fileURLWithPath: file)
        guard let data = FileManager.default.contents(atPath: fileURL.path),
            let text = String(data: data, encoding: .utf8)
        else {
            console.err("invalid: cannot read \(fileURL.path)")
            return .serverError
        }
        let keys: [Ed25519PublicKey]
        if let keyFile {
            guard let key = loadKey(URL(fileURLWithPath: keyFile), console: console) else { return .serverError }
            keys = [key]
        } else {
            keys = savedKeys(beside: fileURL, console: console)
            guard !keys.isEmpty else {
                console.err(
                    "invalid: no key saved beside \(fileURL.path) (\(ReceiptStore.keyFileName) or "
                        + "\(ReceiptStore.keysDirectoryName)/*.pem); give one with --key PEM")
                return .serverError
            }
        }
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard lines.count == 1, let line = lines.first else {
            console.err("invalid: a receipt file holds exactly one line, found \(lines.count)")
            return .serverError
        }
        return check(line, keys: keys, console: console)
    }

    /// Tries each key in turn: a receipt signed before a key rotation verifies with the key of its time.
    private static func check(_ line: Substring, keys: [Ed25519PublicKey], console: Console) -> ExitStatus {
        do throws(ReceiptError) {
            let receipt = try Receipt(parsing: line)
            for key in keys {
                let record: LedgerRecord
                do throws(ReceiptError) {
                    record = try receipt.verify(publicKey: key)
                } catch .badSignature {
                    continue
                }
                console.out(
                    "valid seq=\(record.entry.seq) kind=\(record.entry.event.kind.rawValue) tree=\(receipt.tree) "
                        + "key=\(key.fingerprint)")
                return .ok
            }
            throw .badSignature
        } catch .badSignature where keys.count > 1 {
            console.out("invalid: the signature of the tree head does not verify with any of the \(keys.count) keys")
            return .serverError
        } catch .badSignature {
            console.out("invalid: the signature of the tree head does not verify with the key \(keys[0].fingerprint)")
            return .serverError
        } catch {
            console.out("invalid: \(describe(error))")
            return .serverError
        }
    }

    /// `key.pem` first, then `keys/*.pem` by name, each key once.
    private static func savedKeys(beside file: URL, console: Console) -> [Ed25519PublicKey] {
        let directory = file.deletingLastPathComponent()
        let keysDirectory = directory.appendingPathComponent(ReceiptStore.keysDirectoryName, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: keysDirectory.path)) ?? []
        let candidates =
            [directory.appendingPathComponent(ReceiptStore.keyFileName)]
            + names.filter { $0.hasSuffix(".pem") }.sorted().map { keysDirectory.appendingPathComponent($0) }
        var keys: [Ed25519PublicKey] = []
        for url in candidates where FileManager.default.fileExists(atPath: url.path) {
            if let key = loadKey(url, console: console), !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    private static func loadKey(_ url: URL, console: Console) -> Ed25519PublicKey? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            console.err("invalid: cannot read the key \(url.path) (give one with --key PEM)")
            return nil
        }
        do {
            return try Ed25519PublicKey(pem: String(decoding: data, as: UTF8.self))
        } catch {
            console.err("invalid: \(url.path) is not an Ed25519 public key: \(error)")
            return nil
        }
    }

    private static func describe(_ error: ReceiptError) -> String {
        switch error {
        case .malformed(let why): "malformed receipt: \(why)"
        case .notCanonical(.broken(_, let why)): "hash= does not match the entry: \(why)"
        case .notCanonical(let why): "not a canonical ledger entry: \(why)"
        case .tree(let why): why.description
        case .badSignature: "the signature of the tree head does not verify"
        }
    }
}
