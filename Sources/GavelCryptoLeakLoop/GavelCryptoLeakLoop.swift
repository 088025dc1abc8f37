import GavelCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Repeats every OpenSSL-backed path of GavelCrypto, success and failure alike, so that a per-call
/// leak is multiplied a thousandfold under valgrind (see scripts/crypto-leak-check).
///
/// This is a synchronous executable rather than a test because the Swift Testing runner parks the
/// main thread in `dispatch_main`, which crashes valgrind 3.19 before any test runs.
@main
enum GavelCryptoLeakLoop {
    static let iterationCount = 1_000

    static func main() throws {
        let directory = makeTemporaryDirectory()
        let keyPath = directory + "/receipt.pem"
        defer {
            unlink(keyPath)
            rmdir(directory)
        }
        for iteration in 0..<iterationCount {
            try exerciseKeyFile(keyPath, message: Array("bid \(iteration)".utf8))
            try exerciseEncodings()
            exerciseHashing(Array("lot \(iteration)".utf8))
        }
        print("\(iterationCount) iterations of sign/verify, PEM, SPKI, SHA-256 and key-file paths completed")
    }

    private static func exerciseKeyFile(_ keyPath: String, message: [UInt8]) throws {
        let key = try ReceiptKeyFile.loadOrCreate(path: keyPath)
        let signature = key.signature(for: message)
        precondition(key.publicKey.isValidSignature(signature, for: message), "valid signature rejected")
        precondition(!key.publicKey.isValidSignature(signature, for: message + [0]), "tampered message accepted")
    }

    private static func exerciseEncodings() throws {
        let fresh = try Ed25519PrivateKey.generate()
        let publicKey = fresh.publicKey
        let reparsed = [
            try Ed25519PrivateKey(pem: fresh.pemRepresentation).publicKey,
            try Ed25519PublicKey(base64SPKI: publicKey.base64SPKI),
            try Ed25519PublicKey(pem: publicKey.pemRepresentation),
            try Ed25519PublicKey(rawRepresentation: publicKey.rawRepresentation),
        ]
        precondition(reparsed.allSatisfy { $0 == publicKey }, "key encoding round trip changed the key")
        precondition((try? Ed25519PrivateKey(pem: "not a key")) == nil, "garbage PEM accepted")
        precondition((try? Ed25519PublicKey(spkiDER: publicKey.spkiDER + [0])) == nil, "trailing SPKI bytes accepted")
        _ = try SecureRandom.randomToken()
    }

    private static func exerciseHashing(_ message: [UInt8]) {
        var hasher = SHA256Hasher()
        hasher.update(message)
        let digest = hasher.finalize()
        precondition(digest == SHA256.hash(message), "incremental and one-shot SHA-256 differ")
    }

    private static func makeTemporaryDirectory() -> String {
        var template = Array("/tmp/gavel-crypto-leak-loop-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            fatalError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
