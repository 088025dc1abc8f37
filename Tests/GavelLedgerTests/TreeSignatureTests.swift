import GavelCore
import GavelCrypto
import GavelEntry
import GavelTestSupport
import Testing

@testable import GavelLedger

/// A ledger given a receipt key signs each commit's trees on its writer thread and keeps each signature
/// beside its range, so a receipt read back later needs no signature of its own. PostgreSQL's writer signs
/// while the commit runs and keeps the signatures with the next statement, or when idle or stopping.
@Suite("Receipt tree signatures kept by the ledger")
struct TreeSignatureTests {
    @Test("a keyed PostgreSQL ledger signs each tree of a commit once, keeps them by key, the last ones as it stops")
    func postgresKeepsSignatures() async throws {
        try await TestDatabase.with(label: "ledger_tree_signatures") { database in
            let key = try Ed25519PrivateKey.generate()
            let ledger = try PostgresLedger(
                connectionString: database.connectionString, maximumBatchRecords: 2_000, receiptKey: key)
            defer { ledger.shutdown() }
            try await Self.checkKeptSignatures(ledger, key: key)
            // The last commit's signature is kept by the idle writer's heartbeat or, at the latest, as it stops.
            ledger.shutdown()
            let rows = try database.connect().query("SELECT count(*) FROM gavel_tree_signatures")
            #expect(rows.string(row: 0, column: 0) == "3")
        }
    }

    @Test("a PostgreSQL ledger without a key keeps no signature; one stored later is found under its key only")
    func postgresWithoutKey() async throws {
        try await TestDatabase.with(label: "ledger_tree_unsigned") { database in
            let ledger = try PostgresLedger(connectionString: database.connectionString)
            defer { ledger.shutdown() }
            try await Self.checkUnsignedThenStored(ledger)
        }
    }

    @Test("the in-memory ledger keeps signatures as PostgreSQL's does")
    func inMemory() async throws {
        let key = try Ed25519PrivateKey.generate()
        try await Self.checkKeptSignatures(InMemoryLedger(receiptKey: key), key: key)
        try await Self.checkUnsignedThenStored(InMemoryLedger())
    }

    /// One commit of 1,100 entries: two trees, each signed by `key` over its head, and kept under it once
    /// the next commit (one entry) has ended.
    private static func checkKeptSignatures(_ ledger: some Ledger, key: Ed25519PrivateKey) async throws {
        let records = try handleRecords(1_101)
        let appended = try await Self.append(Array(records.prefix(1_100)), to: ledger)
        #expect(try await Self.append([records[1_100]], to: ledger).map(\.range) == [.init(first: 1_101, last: 1_101)])
        #expect(appended.map(\.range) == ReceiptTreeRange.split(first: 1, last: 1_100))
        let publicKey = key.publicKey.base64SPKI
        for tree in appended {
            let signed = try #require(tree.signed)
            let leaves = records[Int(tree.range.first - 1)..<Int(tree.range.last)].map(\.hash)
            let head = tree.range.head(rootHex: ReceiptTree(leafHashes: Array(leaves)).rootHex)
            let signature = try #require(Base64.decode(signed.signatureBase64))
            #expect(key.publicKey.isValidSignature(signature, for: Array(head.utf8)))
            #expect(try await ledger.treeSignature(of: tree.range, publicKey: publicKey) == signed.signatureBase64)
            let otherKey = try Ed25519PrivateKey.generate().publicKey.base64SPKI
            #expect(try await ledger.treeSignature(of: tree.range, publicKey: otherKey) == nil)
        }
        let notATree = ReceiptTreeRange(first: 2, last: 3)
        #expect(try await ledger.treeSignature(of: notATree, publicKey: publicKey) == nil)
    }

    /// Without a key no tree is signed; a signature stored for a tree is found under its key, and one
    /// stored under another key replaces it.
    private static func checkUnsignedThenStored(_ ledger: some Ledger) async throws {
        let appended = try await Self.append(try handleRecords(3), to: ledger)
        #expect(appended.count == 1 && appended[0].signed == nil)
        let range = appended[0].range
        let (first, second) = (try Ed25519PrivateKey.generate(), try Ed25519PrivateKey.generate())
        #expect(try await ledger.treeSignature(of: range, publicKey: first.publicKey.base64SPKI) == nil)
        try await ledger.storeTreeSignature("c2lnbmVk", of: range, publicKey: first.publicKey.base64SPKI)
        #expect(try await ledger.treeSignature(of: range, publicKey: first.publicKey.base64SPKI) == "c2lnbmVk")
        try await ledger.storeTreeSignature("YWdhaW4=", of: range, publicKey: second.publicKey.base64SPKI)
        #expect(try await ledger.treeSignature(of: range, publicKey: second.publicKey.base64SPKI) == "YWdhaW4=")
        #expect(try await ledger.treeSignature(of: range, publicKey: first.publicKey.base64SPKI) == nil)
    }

    private static func append(_ records: [LedgerRecord], to ledger: some Ledger) async throws -> [AppendedTree] {
        let result = await withCheckedContinuation { continuation in
            ledger.append(records) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}
