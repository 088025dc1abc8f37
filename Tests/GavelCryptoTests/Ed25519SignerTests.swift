import GavelCrypto
import Testing

@Suite("A reusable signer")
struct Ed25519SignerTests {
    @Test("signs message after message with one context, exactly as the key does")
    func reuse() throws {
        let key = try Ed25519PrivateKey.generate()
        let signer = Ed25519Signer(key: key)
        for length in [0, 1, 64, 250, 1000, 250, 0] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) }
            let signature = signer.signature(for: message)
            #expect(signature == key.signature(for: message))
            #expect(key.publicKey.isValidSignature(signature, for: message))
        }
    }
}
