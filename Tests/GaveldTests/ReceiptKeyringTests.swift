import Foundation
import GavelCore
import GavelCrypto
import GavelWire
import Testing

@testable import GaveldConfiguration

@Suite("receipt keys in the data directory: creation time, rotation, history")
struct ReceiptKeyringTests {
    private static let created = Timestamp(rfc3339: "2026-11-01T08:00:00.000Z")!
    private static let firstRotation = Timestamp(rfc3339: "2026-11-20T09:30:00.125Z")!
    private static let secondRotation = Timestamp(rfc3339: "2026-11-25T10:00:00.000Z")!

    @Test("the first start makes the key and records when; later starts load the same key")
    func firstStart() throws {
        let keyring = ReceiptKeyring(dataDirectory: try Fixtures.directory())
        let (first, created) = try keyring.loadOrCreate(now: Self.created)
        #expect(created)
        #expect(first.since == Self.created)
        #expect(first.history.retired.isEmpty)
        let (again, createdAgain) = try keyring.loadOrCreate(now: Self.firstRotation)
        #expect(!createdAgain)
        #expect(again.key.publicKey == first.key.publicKey)
        #expect(again.since == Self.created)
    }

    @Test("rotate retires the key with from and until, replaces it, and the next rotation starts where it ended")
    func rotateTwice() throws {
        let directory = try Fixtures.directory()
        let keyring = ReceiptKeyring(dataDirectory: directory)
        let original = try keyring.loadOrCreate(now: Self.created).keys.key
        let rotation = try keyring.rotate(now: Self.firstRotation)
        #expect(!rotation.resumed)
        #expect(
            rotation.retired
                == RetiredKey(keyBase64: original.publicKey.base64SPKI, from: Self.created, until: Self.firstRotation))
        #expect(rotation.key.publicKey != original.publicKey)
        let loaded = try keyring.loadOrCreate(now: Self.secondRotation)
        #expect(!loaded.created)
        #expect(loaded.keys.key.publicKey == rotation.key.publicKey)
        #expect(loaded.keys.since == Self.firstRotation)
        #expect(loaded.keys.history.retired == [rotation.retired])

        let second = try keyring.rotate(now: Self.secondRotation)
        #expect(second.retired.from == Self.firstRotation)
        #expect(try keyring.history().retired == [rotation.retired, second.retired])
        let text = try String(contentsOfFile: keyring.historyPath, encoding: .utf8)
        #expect(
            text.hasPrefix(
                "key=\(original.publicKey.base64SPKI) from=2026-11-01T08:00:00.000Z until=2026-11-20T09:30:00.125Z\n"))
        // Only public keys are kept: no private key but the current one is left in the directory.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["receipt-key-history", "receipt-key.created", "receipt-key.pem"])
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file)")
        }
    }

    @Test("a rotation stopped after writing the history stops the server and is finished by rotating again")
    func interrupted() throws {
        let keyring = ReceiptKeyring(dataDirectory: try Fixtures.directory())
        let original = try keyring.loadOrCreate(now: Self.created).keys.key
        var history = ReceiptKeyHistory()
        let retired = RetiredKey(
            keyBase64: original.publicKey.base64SPKI, from: Self.created, until: Self.firstRotation)
        try history.retire(retired)
        try Data(history.text.utf8).write(to: URL(fileURLWithPath: keyring.historyPath))
        #expect(throws: ReceiptKeyringError.unfinishedRotation(historyPath: keyring.historyPath)) {
            try keyring.loadOrCreate(now: Self.secondRotation)
        }
        let finished = try keyring.rotate(now: Self.secondRotation)
        #expect(finished.resumed)
        #expect(finished.retired == retired)
        let loaded = try keyring.loadOrCreate(now: Self.secondRotation).keys
        #expect(loaded.history.retired == [retired])
        #expect(loaded.since == Self.firstRotation)
        #expect(loaded.key.publicKey == finished.key.publicKey)
    }

    @Test("a key from before creation times were recorded is dated by its file; no key, nothing to rotate")
    func legacyAndMissing() throws {
        let keyring = ReceiptKeyring(dataDirectory: try Fixtures.directory())
        #expect(throws: ReceiptKeyringError.key(.missing(path: keyring.keyPath))) {
            try keyring.rotate(now: Self.firstRotation)
        }
        _ = try ReceiptKeyFile.loadOrCreate(path: keyring.keyPath)
        let written = Date(timeIntervalSince1970: TimeInterval(Self.created.millisecondsSinceEpoch) / 1000)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: keyring.keyPath)
        #expect(try keyring.load().since == nil)
        #expect(try keyring.rotate(now: Self.firstRotation).retired.from == Self.created)
    }

    @Test("a damaged history or creation time stops the server with the file and line")
    func damaged() throws {
        let keyring = ReceiptKeyring(dataDirectory: try Fixtures.directory())
        _ = try keyring.loadOrCreate(now: Self.created)
        try Data("key=x from=y until=z\n".utf8).write(to: URL(fileURLWithPath: keyring.historyPath))
        do {
            _ = try keyring.loadOrCreate(now: Self.created)
            Issue.record("a damaged history was accepted")
        } catch {
            #expect(error.description.hasPrefix("receipt key history \(keyring.historyPath) is damaged at line 1:"))
        }
        try FileManager.default.removeItem(atPath: keyring.historyPath)
        try Data("yesterday\n".utf8).write(to: URL(fileURLWithPath: keyring.createdPath))
        #expect(throws: ReceiptKeyringError.self) { try keyring.rotate(now: Self.firstRotation) }
    }
}
