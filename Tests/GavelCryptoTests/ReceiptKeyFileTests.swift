import Foundation
import GavelCrypto
import Testing

@Suite("Receipt key file")
struct ReceiptKeyFileTests {
    @Test("loadOrCreate writes an owner-only key and leaves no temporary files")
    func createsOwnerOnlyFile() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/receipt.pem"
            let key = try ReceiptKeyFile.loadOrCreate(path: path)
            #expect(try permissions(of: path) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["receipt.pem"])
            #expect(try ReceiptKeyFile.load(path: path).publicKey == key.publicKey)
        }
    }

    @Test("loadOrCreate twice returns the same key")
    func loadOrCreateIsStable() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/receipt.pem"
            let first = try ReceiptKeyFile.loadOrCreate(path: path)
            let second = try ReceiptKeyFile.loadOrCreate(path: path)
            #expect(first.publicKey == second.publicKey)
        }
    }

    @Test("concurrent first-time loadOrCreate calls all end up with one key")
    func concurrentCreationAgrees() async throws {
        try await TemporaryDirectory.withAsync { directory in
            let path = directory + "/receipt.pem"
            let spkis = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<8 {
                    group.addTask { try ReceiptKeyFile.loadOrCreate(path: path).publicKey.spkiDER }
                }
                return try await group.reduce(into: Set<[UInt8]>()) { $0.insert($1) }
            }
            #expect(spkis.count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["receipt.pem"])
        }
    }

    @Test("a key readable by others is refused with a chmod hint", arguments: [0o644, 0o640, 0o604, 0o620])
    func refusesPermissiveKey(mode: Int) throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/receipt.pem"
            _ = try ReceiptKeyFile.loadOrCreate(path: path)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            let error = #expect(throws: ReceiptKeyFileError.self) { try ReceiptKeyFile.load(path: path) }
            #expect(error == .accessibleByOthers(path: path, mode: UInt32(mode)))
            let octalMode = "0" + String(mode, radix: 8)
            #expect(
                error?.description
                    == "receipt key \(path) is accessible by group or others (mode \(octalMode)); run chmod 600 \(path)"
            )
            #expect(throws: ReceiptKeyFileError.self) { try ReceiptKeyFile.loadOrCreate(path: path) }
        }
    }

    @Test("a missing key is reported as missing")
    func missingKey() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/absent.pem"
            #expect(throws: ReceiptKeyFileError.missing(path: path)) { try ReceiptKeyFile.load(path: path) }
        }
    }

    @Test("a corrupt key file is reported as an invalid key")
    func corruptKey() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/receipt.pem"
            try writeOwnerOnly("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n", to: path)
            let error = #expect(throws: ReceiptKeyFileError.self) { try ReceiptKeyFile.load(path: path) }
            guard case .invalidKey(path, .invalidPEM) = error else {
                Issue.record("expected invalidKey(invalidPEM), got \(String(describing: error))")
                return
            }
            #expect(throws: ReceiptKeyFileError.self) { try ReceiptKeyFile.loadOrCreate(path: path) }
        }
    }

    @Test("a private key of another algorithm is reported as not Ed25519")
    func foreignKeyType() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/receipt.pem"
            let outcome = try OpenSSLCommand.run(
                ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"], in: directory)
            try #require(outcome.status == 0, "\(outcome.output)")
            try writeOwnerOnly(String(contentsOfFile: directory + "/ec.pem", encoding: .utf8), to: path)
            #expect(throws: ReceiptKeyFileError.invalidKey(path: path, underlying: .notEd25519(keyType: "EC"))) {
                try ReceiptKeyFile.load(path: path)
            }
        }
    }

    @Test("a directory in place of the key is reported as unreadable")
    func directoryInsteadOfKey() throws {
        try TemporaryDirectory.with { directory in
            #expect(throws: ReceiptKeyFileError.unreadable(path: directory, reason: "not a regular file")) {
                try ReceiptKeyFile.load(path: directory)
            }
        }
    }

    @Test("a key the process may not open is reported as unreadable", .enabled(if: geteuid() != 0))
    func permissionDenied() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/receipt.pem"
            _ = try ReceiptKeyFile.loadOrCreate(path: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
            let error = #expect(throws: ReceiptKeyFileError.self) { try ReceiptKeyFile.load(path: path) }
            guard case .unreadable(path, let reason) = error else {
                Issue.record("expected unreadable, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("Permission denied"))
        }
    }

    @Test("loadOrCreate in a missing directory fails with cannotCreate")
    func missingDirectory() throws {
        try TemporaryDirectory.with { directory in
            let path = directory + "/no-such-dir/receipt.pem"
            let error = #expect(throws: ReceiptKeyFileError.self) { try ReceiptKeyFile.loadOrCreate(path: path) }
            guard case .cannotCreate(path, let reason) = error else {
                Issue.record("expected cannotCreate, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("No such file or directory"))
        }
    }

    private func permissions(of path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    private func writeOwnerOnly(_ text: String, to path: String) throws {
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        try #require(created)
    }
}
