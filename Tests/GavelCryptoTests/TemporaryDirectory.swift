import Foundation

/// A fresh directory per test, so parallel tests never see each other's files.
enum TemporaryDirectory {
    @discardableResult
    static func with<Result>(_ body: (String) throws -> Result) throws -> Result {
        let path = try create()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @discardableResult
    static func withAsync<Result>(_ body: (String) async throws -> Result) async throws -> Result {
        let path = try create()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    private static func create() throws -> String {
        let path = NSTemporaryDirectory() + "gavel-crypto-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }
}
