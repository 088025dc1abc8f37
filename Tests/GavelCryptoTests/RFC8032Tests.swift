import GavelCrypto
import Testing

@Suite("Ed25519 RFC 8032 section 7.1 vectors")
struct RFC8032Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let secretKeyHex: String
        let publicKeyHex: String
        let messageHex: String
        let signatureHex: String

        var testDescription: String { name }
    }

    static let vectors = [
        Vector(
            name: "TEST 1 (empty message)",
            secretKeyHex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKeyHex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            messageHex: "",
            signatureHex: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        ),
        Vector(
            name: "TEST 2 (message 72)",
            secretKeyHex: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKeyHex: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            messageHex: "72",
            signatureHex: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        ),
    ]

    @Test("secret key derives the published public key", arguments: vectors)
    func derivesPublicKey(vector: Vector) throws {
        let privateKey = try Ed25519PrivateKey(rawRepresentation: HexFixture.bytes(vector.secretKeyHex))
        #expect(Hex.encode(privateKey.publicKey.rawRepresentation) == vector.publicKeyHex)
    }

    @Test("signature matches the published signature byte for byte", arguments: vectors)
    func signsLikeRFC(vector: Vector) throws {
        let privateKey = try Ed25519PrivateKey(rawRepresentation: HexFixture.bytes(vector.secretKeyHex))
        let signature = privateKey.signature(for: HexFixture.bytes(vector.messageHex))
        #expect(Hex.encode(signature) == vector.signatureHex)
    }

    @Test("published signature verifies under the published public key", arguments: vectors)
    func verifiesRFCSignature(vector: Vector) throws {
        let publicKey = try Ed25519PublicKey(rawRepresentation: HexFixture.bytes(vector.publicKeyHex))
        let signature = HexFixture.bytes(vector.signatureHex)
        #expect(publicKey.isValidSignature(signature, for: HexFixture.bytes(vector.messageHex)))
        #expect(!publicKey.isValidSignature(signature, for: HexFixture.bytes(vector.messageHex) + [0]))
    }

    @Test("raw keys of the wrong length are rejected")
    func rejectsWrongRawLength() {
        #expect(throws: CryptoError.invalidRawKeyLength(byteCount: 31)) {
            try Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: CryptoError.invalidRawKeyLength(byteCount: 33)) {
            try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33))
        }
    }
}
