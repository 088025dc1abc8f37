import Foundation
import GavelClient
import GavelCrypto
import GavelLedger

/// `gavel verify-receipt FILE [--key PEM]`: checks a saved receipt offline, its signature with the key
/// (by default `key.pem` beside the file), then its hash and field order.
public enum ReceiptFileCheck {
    /// Prints `valid seq=<n> kind=<k>` and returns `.ok`, or prints why and returns `.serverError` (exit 1).
    public static func run(file: String, keyFile: String?, console: Console) -> ExitStatus {
        let fileURL = URL(fileURLWithPath: file)
        let keyURL =
            keyFile.map { URL(fileURLWithPath: $0) }
            ?? fileURL.deletingLastPathComponent().appendingPathComponent(ReceiptStore.keyFileName)
        guard let data = FileManager.default.contents(atPath: fileURL.path),
            let text = String(data: data, encoding: .utf8)
        else {
            console.err("invalid: cannot read \(fileURL.path)")
            return .serverError
        }
        guard let keyData = FileManager.default.contents(atPath: keyURL.path) else {
            console.err("invalid: cannot read the key \(keyURL.path) (give one with --key PEM)")
            return .serverError
        }
        let key: Ed25519PublicKey
        do {
            key = try Ed25519PublicKey(pem: String(decoding: keyData, as: UTF8.self))
        } catch {
            console.err("invalid: \(keyURL.path) is not an Ed25519 public key: \(error)")
            return .serverError
        }
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard lines.count == 1, let line = lines.first else {
            console.err("invalid: a receipt file holds exactly one line, found \(lines.count)")
            return .serverError
        }
        do throws(ReceiptError) {
            let record = try Receipt(parsing: line).verify(publicKey: key)
            console.out("valid seq=\(record.entry.seq) kind=\(record.entry.event.kind.rawValue)")
            return .ok
        } catch {
            console.out("invalid: \(describe(error))")
            return .serverError
        }
    }

    private static func describe(_ error: ReceiptError) -> String {
        switch error {
        case .malformed(let why): "malformed receipt: \(why)"
        case .badSignature: "the signature does not verify with the key"
        case .notCanonical(let why): "not a canonical ledger entry: \(why)"
        }
    }
}
