import GavelCrypto
import Testing

@Suite("Ed25519 keys")
struct Ed25519KeyTests {
    static let message = Array("sealed bid 42 for lot 7".utf8)

    /// A P-256 key, used to check that keys of other algorithms are turned away.
    static let p256PublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIt0du+asUNoX59Iu7JMZPvmlUt9r
        jnHsDF2RFZVf50fKCx7hKzDRiRehV7eaxjdIHvsEKTBMA+1NDawJu6Whkg==
        -----END PUBLIC KEY-----
        """

    @Test("a signature verifies under the signer's public key")
    func signVerifyRoundTrip() throws {
        let privateKey = try Ed25519PrivateKey.generate()
        let signature = privateKey.signature(for: Self.message)
        #expect(signature.count == Ed25519PrivateKey.signatureByteCount)
        #expect(privateKey.publicKey.isValidSignature(signature, for: Self.message))
    }

    @Test("signing is deterministic")
    func deterministic() throws {
        let privateKey = try Ed25519PrivateKey.generate()
        #expect(privateKey.signature(for: Self.message) == privateKey.signature(for: Self.message))
    }

    @Test("a tampered message fails verification")
    func tamperedMessage() throws {
        let privateKey = try Ed25519PrivateKey.generate()
        let signature = privateKey.signature(for: Self.message)
        var tampered = Self.message
        tampered[0] ^= 0x01
        #expect(!privateKey.publicKey.isValidSignature(signature, for: tampered))
    }

    @Test("a tampered, truncated or foreign signature fails verification")
    func tamperedSignature() throws {
        let privateKey = try Ed25519PrivateKey.generate()
        var signature = privateKey.signature(for: Self.message)
        let otherKeySignature = try Ed25519PrivateKey.generate().signature(for: Self.message)
        #expect(!privateKey.publicKey.isValidSignature(otherKeySignature, for: Self.message))
        #expect(!privateKey.publicKey.isValidSignature(Array(signature.dropLast()), for: Self.message))
        signature[63] ^= 0x80
        #expect(!privateKey.publicKey.isValidSignature(signature, for: Self.message))
    }

    @Test("private key PEM is PKCS#8 and round-trips to the same key")
    func privatePEMRoundTrip() throws {
        let privateKey = try Ed25519PrivateKey.generate()
        let pem = privateKey.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END PRIVATE KEY-----\n"))
        let reloaded = try Ed25519PrivateKey(pem: pem)
        #expect(reloaded.publicKey == privateKey.publicKey)
        #expect(reloaded.signature(for: Self.message) == privateKey.signature(for: Self.message))
    }

    @Test("public key PEM round-trips to the same key")
    func publicPEMRoundTrip() throws {
        let publicKey = try Ed25519PrivateKey.generate().publicKey
        let pem = publicKey.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(pem.hasSuffix("-----END PUBLIC KEY-----\n"))
        #expect(try Ed25519PublicKey(pem: pem) == publicKey)
    }

    /// The SPKI DER is 44 bytes (a 12-byte header plus the 32-byte key), so its base64 is 60 characters.
    @Test("base64 SPKI encodes the 44-byte DER as 60 characters and round-trips")
    func base64SPKIRoundTrip() throws {
        let publicKey = try Ed25519PrivateKey.generate().publicKey
        #expect(publicKey.spkiDER.count == 44)
        #expect(publicKey.base64SPKI.count == 60)
        #expect(publicKey.base64SPKI.hasPrefix("MCowBQYDK2VwAyEA"))
        #expect(Base64.decode(publicKey.base64SPKI) == publicKey.spkiDER)
        let reloaded = try Ed25519PublicKey(base64SPKI: publicKey.base64SPKI)
        #expect(reloaded == publicKey)
        #expect(reloaded.rawRepresentation == publicKey.rawRepresentation)
        #expect(try Ed25519PublicKey(spkiDER: publicKey.spkiDER) == publicKey)
    }

    @Test("malformed public keys are rejected with the matching error")
    func rejectsMalformedPublicKeys() throws {
        let spkiDER = try Ed25519PrivateKey.generate().publicKey.spkiDER
        #expect(throws: CryptoError.invalidBase64) { try Ed25519PublicKey(base64SPKI: "not base64!") }
        #expect(
            throws: CryptoError.invalidSPKI(reason: "1 extra byte(s) after the SubjectPublicKeyInfo"),
            performing: { try Ed25519PublicKey(spkiDER: spkiDER + [0]) })
        #expect(isInvalidSPKI(Array(spkiDER.dropLast())))
        #expect(isInvalidSPKI([]))
    }

    @Test("garbage PEM is rejected with an OpenSSL reason")
    func rejectsGarbagePEM() {
        do {
            _ = try Ed25519PrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            Issue.record("garbage PEM was accepted")
        } catch {
            guard case .invalidPEM(let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(!reason.isEmpty)
        }
    }

    @Test("keys of other algorithms are rejected as not Ed25519")
    func rejectsOtherAlgorithms() throws {
        let spkiDER = try #require(
            Base64.decode(Self.p256PublicKeyPEM.split(separator: "\n").dropFirst().dropLast().joined()))
        #expect(throws: CryptoError.notEd25519(keyType: "EC")) { try Ed25519PublicKey(spkiDER: spkiDER) }
        #expect(throws: CryptoError.notEd25519(keyType: "EC")) { try Ed25519PublicKey(pem: Self.p256PublicKeyPEM) }
    }

    @Test("one key signs and verifies from many tasks at once")
    func concurrentUse() async throws {
        let privateKey = try Ed25519PrivateKey.generate()
        let allValid = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    return privateKey.publicKey.isValidSignature(privateKey.signature(for: message), for: message)
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(allValid)
    }

    private func isInvalidSPKI(_ spkiDER: [UInt8]) -> Bool {
        do {
            _ = try Ed25519PublicKey(spkiDER: spkiDER)
            return false
        } catch {
            guard case .invalidSPKI = error else {
                return false
            }
            return true
        }
    }
}
