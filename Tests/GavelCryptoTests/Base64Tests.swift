import GavelCrypto
import Testing

@Suite("Base64 and hex")
struct Base64Tests {
    @Test(
        "RFC 4648 section 10 vectors encode and decode",
        arguments: [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ])
    func rfcVectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(
        "non-canonical or malformed input decodes to nil",
        arguments: [
            "Zg=", "Zh==", "Zm9=", "Z===", "====", "=Zm9", "Zm=v", "Zm9v\n", " Zm9v", "Zm-_", "Zm9v@A==", "ÿÿÿÿ",
        ])
    func rejectsMalformed(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("every byte value survives an encode/decode round trip")
    func allBytesRoundTrip() {
        let bytes = (0...255).map { UInt8($0) }
        for length in 0...bytes.count {
            #expect(Base64.decode(Base64.encode(bytes.prefix(length))) == Array(bytes.prefix(length)))
        }
    }

    @Test("URL-safe form swaps + and / and drops padding")
    func urlSafe() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf, 0x01]
        #expect(Base64.encode(bytes) == "+/+/AQ==")
        #expect(Base64.encodeURLSafeUnpadded(bytes) == "-_-_AQ")
    }

    @Test("hex is lower-case with two digits per byte")
    func hex() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.encode([]).isEmpty)
    }
}
