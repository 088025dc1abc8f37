import Foundation
import Testing

@testable import GaveldConfiguration

@Suite("admin token file")
struct AdminTokenFileTests {
    @Test("the first start generates a token with mode 0600; later starts read the same token")
    func createThenLoad() throws {
        let path = try Fixtures.directory() + "/admin.token"
        let (created, firstOutcome) = try AdminTokenFile.loadOrCreate(path: path)
        #expect(firstOutcome == .created)
        #expect(created.value.utf8.count == 43)
        #expect(AdminToken.isValid(created.value))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let (loaded, secondOutcome) = try AdminTokenFile.loadOrCreate(path: path)
        #expect(secondOutcome == .loaded)
        #expect(loaded == created)
    }

    @Test("a token written by hand is read without its trailing newline")
    func handWritten() throws {
        let path = try Fixtures.directory() + "/admin.token"
        try write("my-admin-token\n", to: path, mode: 0o600)
        #expect(try AdminTokenFile.load(path: path) == AdminToken("my-admin-token"))
    }

    @Test("a token file others can read, or that holds no single token, is refused")
    func refused() throws {
        let directory = try Fixtures.directory()
        try write("readable-token\n", to: directory + "/open.token", mode: 0o644)
        #expect(throws: AdminTokenFileError.accessibleByOthers(path: directory + "/open.token", mode: 0o644)) {
            try AdminTokenFile.load(path: directory + "/open.token")
        }
        for (name, contents) in [("empty", ""), ("two", "two words\n")] {
            let path = "\(directory)/\(name).token"
            try write(contents, to: path, mode: 0o600)
            #expect(throws: AdminTokenFileError.invalid(path: path)) { try AdminTokenFile.loadOrCreate(path: path) }
        }
    }

    private func write(_ contents: String, to path: String, mode: Int) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}
