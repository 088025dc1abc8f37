import Foundation
import GavelClient
import GavelCrypto

/// Saves every receipt a reply carries as `<dir>/<seq>.receipt`, with the server's key as `<dir>/key.pem`.
public struct ReceiptStore: Sendable {
    public static let keyFileName = "key.pem"
    public static let fileExtension = "receipt"

    public let directory: URL
    /// The key from the server's `* HELLO`; saved when `key.pem` is absent and checked against each receipt.
    public let serverKey: Ed25519PublicKey

    public init(directory: URL, serverKey: Ed25519PublicKey) {
        self.directory = directory
        self.serverKey = serverKey
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
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let keyFile = directory.appendingPathComponent(Self.keyFileName)
            if !FileManager.default.fileExists(atPath: keyFile.path) {
                try Data(serverKey.pemRepresentation.utf8).write(to: keyFile, options: .atomic)
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
