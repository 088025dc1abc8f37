/// The Merkle tree of one commit's entries (PROTOCOL.md, Receipts): the leaves are the entries' hashes
/// in seq order; a node is the SHA-256, as 64 lower-case hex, of its two children's 128 hex characters;
/// n > 1 leaves split at the largest power of two below n (RFC 6962's shape). Pure computation, so the
/// server that signs and every client that verifies share it.
///
/// A commit's tree is at most `ReceiptTreeRange.maximumLeafCount` leaves; the tree itself has no limit.
public struct ReceiptTree: Sendable {
    public let rootHex: String
    /// Each leaf's path, by its index.
    public let paths: [MerklePath]

    /// Builds the tree of `leafHashes` (at least one) and every leaf's path in one pass: n - 1 hashes
    /// and n·log n path steps, not a walk from the root per leaf.
    public init(leafHashes: [String]) {
        precondition(!leafHashes.isEmpty, "a tree has at least one leaf")
        // A leaf is at most ceil(log2 n) steps deep: each path is one allocation, not one per growth.
        let depth = Int.bitWidth - (leafHashes.count - 1).leadingZeroBitCount
        var steps = leafHashes.map { _ in
            var path: [MerklePath.Step] = []
            path.reserveCapacity(depth)
            return path
        }
        var hasher = SHA256Hasher()
        func build(_ leaves: Range<Int>) -> String {
            guard leaves.count > 1 else { return leafHashes[leaves.lowerBound] }
            let middle = leaves.lowerBound + Self.split(leaves.count)
            let left = build(leaves.lowerBound..<middle)
            let right = build(middle..<leaves.upperBound)
            for index in leaves.lowerBound..<middle { steps[index].append(.init(sibling: .right, hashHex: right)) }
            for index in middle..<leaves.upperBound { steps[index].append(.init(sibling: .left, hashHex: left)) }
            return Self.node(left, right, with: &hasher)
        }
        rootHex = build(0..<leafHashes.count)
        paths = steps.map(MerklePath.init(steps:))
    }

    /// SHA-256 of the two children's hex, as hex.
    public static func node(_ leftHex: String, _ rightHex: String) -> String {
        var hasher = SHA256Hasher()
        return node(leftHex, rightHex, with: &hasher)
    }

    /// As `node(_:_:)`, through `hasher`, which starts over afterwards: a commit's tree makes n - 1 nodes
    /// on the writer's thread, through one context rather than one each.
    static func node(_ leftHex: String, _ rightHex: String, with hasher: inout SHA256Hasher) -> String {
        var leftHex = leftHex
        var rightHex = rightHex
        leftHex.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        rightHex.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        return hasher.hexDigestAndRestart()
    }

    /// How many of `count` > 1 leaves go left: the largest power of two smaller than `count`.
    static func split(_ count: Int) -> Int {
        precondition(count > 1, "only a tree of two or more leaves splits")
        return 1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }
}
