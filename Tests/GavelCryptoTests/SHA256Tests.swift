import GavelCrypto
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "NIST FIPS 180-2 vectors",
        arguments: [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func nistVectors(message: String, expectedHex: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == expectedHex)
        #expect(SHA256.hash(Array(message.utf8)) == HexFixture.bytes(expectedHex))
    }

    @Test("incremental hashing in uneven pieces equals one-shot hashing")
    func incrementalEqualsOneShot() {
        let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256Hasher()
        var offset = 0
        for pieceByteCount in [0, 1, 63, 64, 65, 1_000, 0, 8_807] {
            hasher.update(Array(message[offset..<offset + pieceByteCount]))
            offset += pieceByteCount
        }
        #expect(offset == message.count)
        #expect(hasher.finalize() == SHA256.hash(message))
    }

    @Test("a hasher given nothing produces the empty-input digest")
    func emptyHasher() {
        let hasher = SHA256Hasher()
        #expect(Hex.encode(hasher.finalize()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
