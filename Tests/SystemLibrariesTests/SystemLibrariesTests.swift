import CLibPQ
import COpenSSL
import Testing

@Suite("System libraries link")
struct SystemLibrariesTests {
    @Test("libpq reports a major version of 10 or later")
    func libpqLinks() {
        let version = PQlibVersion()
        #expect(version >= 100_000)
    }

    @Test("OpenSSL 3 is linked")
    func openSSLLinks() {
        let version = OpenSSL_version_num()
        #expect(version >= 0x3000_0000)
    }
}
