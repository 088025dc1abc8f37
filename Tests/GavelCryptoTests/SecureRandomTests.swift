import GavelCrypto
import Testing

@Suite("Secure random")
struct SecureRandomTests {
    @Test("returns the requested number of bytes, different each time")
    func bytes() throws {
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test("tokens are 43 URL-safe characters and unique")
    func tokens() throws {
        let tokens = try (0..<100).map { _ in try SecureRandom.randomToken() }
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy(urlSafe.contains))
        }
        #expect(Set(tokens).count == tokens.count)
    }
}
