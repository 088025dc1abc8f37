import Foundation
import GavelCLI
import GavelCrypto
import Testing

@Suite("verify-receipt offline checks")
struct ReceiptFileCheckTests {
    /// A well-signed line whose hash is not its own, or whose fields are out of order, is still invalid.
    @Test(
        "a correctly signed but non-canonical entry is rejected",
        arguments: [
            "v=1 seq=1 at=2026-11-24T16:00:00.123Z kind=handle handle=acme status=dormant prev=\(zeros) hash=\(zeros)",
            "v=1 seq=1 kind=handle at=2026-11-24T16:00:00.123Z handle=acme status=dormant prev=\(zeros) hash=\(zeros)",
        ])
    func nonCanonical(line: String) throws {
        let key = try Ed25519PrivateKey.generate()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-cli-receipt-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try key.publicKey.pemRepresentation.write(
            to: directory.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("1.receipt")
        let signed = "OK " + line + " sig=" + Base64.encode(key.signature(for: Array(line.utf8))) + "\n"
        try signed.write(to: file, atomically: true, encoding: .utf8)

        let output = CapturedConsole()
        #expect(ReceiptFileCheck.run(file: file.path, keyFile: nil, console: output.console) == .serverError)
        #expect(output.out.first?.hasPrefix("invalid: not a canonical ledger entry") == true)
    }
}

private let zeros = String(repeating: "0", count: 64)
