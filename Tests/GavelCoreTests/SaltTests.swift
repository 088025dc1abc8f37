import GavelCore
import Testing

@Suite("Salt")
struct SaltTests {
    @Test("sixteen bytes spell 32 lower-case hex characters, high nibble first, and read back as the same salt")
    func fromBytes() throws {
        let bytes: [UInt8] = [
            0x00, 0x01, 0x7f, 0x80, 0xab, 0xcd, 0xef, 0xff, 0x10, 0x20, 0x30, 0x40, 0x5a, 0xa5, 0x0f, 0xf0,
        ]
        let salt = Salt(bytes: bytes[...])
        #expect(salt.hex == "00017f80abcdefff102030405aa50ff0")
        #expect(Salt(hex: salt.hex) == salt)
    }
}
