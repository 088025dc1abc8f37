import GavelCore
import GavelEntry
import Testing

@Suite("Salt pool")
struct SaltPoolTests {
    @Test("salts drawn across several refills are all valid and all different")
    func distinctAcrossRefills() throws {
        var pool = SaltPool()
        var seen: Set<String> = []
        for _ in 0..<(SaltPool.saltsPerDraw * 3 + 7) {
            let salt = try pool.next()
            #expect(Salt(hex: salt.hex) == salt)
            seen.insert(salt.hex)
        }
        #expect(seen.count == SaltPool.saltsPerDraw * 3 + 7)
    }
}
