import GavelCrypto
import PropertyBased
import Testing

@Suite("Receipt trees: paths, shapes and signed heads")
struct ReceiptTreePropertyTests {
    static let key = try! Ed25519PrivateKey.generate()

    @Test(
        "for 1 to 1,100 leaves every path folds to the root and has its leaf's shape; a changed leaf, step, side letter or range fails"
    )
    func everyPathFoldsAndEveryChangeFails() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...1100), Gen.int(in: 0...Int(Int32.max))) { count, pick in
            Self.check(leafCount: count, pick: pick)
        }
    }

    @Test(
        "the edges: one leaf, two, a power of two, the largest tree, one past it",
        arguments: [1, 2, 3, 1024, 1025, 1100])
    func edges(leafCount: Int) {
        Self.check(leafCount: leafCount, pick: leafCount / 2)
    }

    @Test("a commit of 5,000 entries is consecutive trees of at most 1,024")
    func largeCommitSplits() {
        let trees = ReceiptTreeRange.split(first: 7, last: 5006)
        #expect(trees.map(\.leafCount) == [1024, 1024, 1024, 1024, 904])
        #expect(trees.first?.first == 7 && trees.last?.last == 5006)
        #expect(zip(trees, trees.dropFirst()).allSatisfy { $0.last + 1 == $1.first })
        #expect(ReceiptTreeRange.split(first: 3, last: 3) == [ReceiptTreeRange(first: 3, last: 3)])
    }

    @Test(
        "tree= and path= parse strictly",
        arguments: ["", "-", "0-1", "01-2", "2-1", "1-1025", "+1-2", "1-2-3", "1 -2", "a-b", "1-"])
    func badRanges(text: String) {
        #expect(ReceiptTreeRange(parsing: text) == nil)
    }

    @Test func paths() {
        let hex = String(repeating: "0a", count: 32)
        #expect(MerklePath(parsing: "-") == MerklePath(steps: []))
        #expect(MerklePath(parsing: "L\(hex),R\(hex)")?.description == "L\(hex),R\(hex)")
        for bad in [
            "", "--", "X\(hex)", "l\(hex)", "L\(hex.uppercased())", "L\(hex.dropLast())", "L\(hex),", ",L\(hex)",
            "L\(hex) ", Array(repeating: "R\(hex)", count: 11).joined(separator: ","),
        ] {
            #expect(MerklePath(parsing: bad) == nil, "\(bad)")
        }
        #expect(ReceiptTreeRange(parsing: "1-1024") == ReceiptTreeRange(first: 1, last: 1024))
    }

    static func check(leafCount count: Int, pick: Int) {
        let leaves = (0..<count).map { SHA256.hexDigest(Array("leaf \($0) of \(count)".utf8)) }
        let tree = ReceiptTree(leafHashes: leaves)
        #expect(tree.paths.count == count)
        for (index, path) in tree.paths.enumerated() {
            #expect(path.root(fromLeaf: leaves[index]) == tree.rootHex)
            #expect(path.steps.map(\.sibling) == MerklePath.sides(ofLeaf: index, leafCount: count))
        }
        if count == 1 { #expect(tree.rootHex == leaves[0] && tree.paths[0].description == "-") }
        let first = Int64(pick % 100_000) + 1
        guard count <= Int(ReceiptTreeRange.maximumLeafCount) else {
            #expect(ReceiptTreeRange(parsing: "\(first)-\(first + Int64(count) - 1)") == nil)
            return
        }
        let range = ReceiptTreeRange(first: first, last: first + Int64(count) - 1)
        let signature = key.signature(for: Array(range.head(rootHex: tree.rootHex).utf8))
        let index = pick % count
        let seq = first + Int64(index)
        let path = tree.paths[index]
        #expect(verifies(seq: seq, leaf: leaves[index], range: range, path: path, signature: signature))
        #expect(MerklePath(parsing: path.description) == path)
        #expect(ReceiptTreeRange(parsing: range.description) == range)

        let otherLeaf = SHA256.hexDigest(Array("another leaf".utf8))
        #expect(!verifies(seq: seq, leaf: otherLeaf, range: range, path: path, signature: signature))
        for stepIndex in path.steps.indices {
            var steps = path.steps
            let step = steps[stepIndex]
            steps[stepIndex] = .init(sibling: step.sibling, hashHex: otherLeaf)
            #expect(
                !verifies(seq: seq, leaf: leaves[index], range: range, path: .init(steps: steps), signature: signature))
            steps[stepIndex] = .init(sibling: step.sibling == .left ? .right : .left, hashHex: step.hashHex)
            #expect(
                !verifies(seq: seq, leaf: leaves[index], range: range, path: .init(steps: steps), signature: signature))
        }
        if count > 1 {
            let neighbour = (index + 1) % count
            #expect(
                !verifies(
                    seq: seq, leaf: leaves[index], range: range, path: tree.paths[neighbour], signature: signature))
            #expect(
                !verifies(
                    seq: seq, leaf: leaves[index], range: range, path: .init(steps: Array(path.steps.dropLast())),
                    signature: signature))
        }
        var ranges = [ReceiptTreeRange(first: first + 1, last: range.last + 1)]
        if first > 1 { ranges.append(ReceiptTreeRange(first: first - 1, last: range.last - 1)) }
        if count > 1 { ranges.append(ReceiptTreeRange(first: first, last: range.last - 1)) }
        if count < 1024 { ranges.append(ReceiptTreeRange(first: first, last: range.last + 1)) }
        for changed in ranges {
            #expect(!verifies(seq: seq, leaf: leaves[index], range: changed, path: path, signature: signature))
        }
        #expect(!verifies(seq: range.last + 1, leaf: leaves[index], range: range, path: path, signature: signature))
        var flipped = signature
        flipped[pick % flipped.count] ^= 1
        #expect(!verifies(seq: seq, leaf: leaves[index], range: range, path: path, signature: flipped))
    }

    /// A client's whole check: the path has the seq's shape in the range, and the head of its root is signed.
    static func verifies(
        seq: Int64, leaf: String, range: ReceiptTreeRange, path: MerklePath, signature: [UInt8]
    ) -> Bool {
        guard let root = try? path.root(ofSeq: seq, leafHex: leaf, in: range) else { return false }
        return key.publicKey.isValidSignature(signature, for: Array(range.head(rootHex: root).utf8))
    }
}
