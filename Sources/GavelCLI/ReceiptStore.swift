import Foundation
import GavelClient
import GavelCrypto
import GavelEntry

/// Saves every receipt a reply carries as `<dir>/<seq>.receipt`, and the server's key beside it as
/// `<dir>/keys/<fingerprint>.pem`: after a key rotation the directory holds every key its receipts need.
/// `<dir>/key.pem` is the first key the directory saw, kept for tools that expect one file.
public struct ReceiptStore: Sendable {
    public static let keyFileName = "key.pem"
    public static let keysDirectoryName = "keys"
    public static let fileExtension = "receipt"

    public let directory: URL
    /// The key from the server's `* HELLO`; saved under its fingerprint and checked against each receipt.
    public let serverKey: Ed25519PublicKey

    public init(directory: URL, serverKey: Ed25519PublicKey) {
        self.directory = directory
        self.serverKey = serverKey
    }

    /// Where a directory of receipts keeps `key`.
    public static func keyFile(for key: Ed25519PublicKey, in directory: URL) -> URL {
        directory.appendingPathComponent(keysDirectoryName, isDirectory: true)
            .appendingPathComponent(key.fingerprint + ".pem")
    }

    /// The receipt in an `OK v=1 ... sig=...` reply, or `nil` for any other reply.
    public static func receipt(in reply: ServerReply) -> Receipt? {
        guard let fields = reply.fields, fields["v"] == "1", fields["sig"] != nil else { return nil }
        return try? Receipt(reply)
    }

    /// Saves the reply's receipt, if it has one; returns the file written. Problems go to `console.err`:
    /// a receipt is still printed when it cannot be saved.
    @discardableResult
    public func save(_ reply: ServerReply, console: Console) -> URL? {
        guard let receipt = Self.receipt(in: reply) else { return nil }
        do {
            try receipt.verify(publicKey: serverKey)
        } catch {
            console.err("warning: receipt seq=\(receipt.seq) does not verify with the server's key: \(error)")
        }
        do {
            let keyFile = Self.keyFile(for: serverKey, in: directory)
            try FileManager.default.createDirectory(
                at: keyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            let pem = Data(serverKey.pemRepresentation.utf8)
            for file in [keyFile, directory.appendingPathComponent(Self.keyFileName)]
            where !FileManager.default.fileExists(atPath: file.path) {
                try pem.write(to: file, options: .atomic)
            }
            let file = directory.appendingPathComponent("\(receipt.seq).\(Self.fileExtension)")
            try Data(("OK " + receipt.signedLine + "\n").utf8).write(to: file, options: .atomic)
            return file
        } catch {
            console.err("warning: cannot save receipt seq=\(receipt.seq) in \(directory.path): \(error)")
            return nil
        }
    }
}
