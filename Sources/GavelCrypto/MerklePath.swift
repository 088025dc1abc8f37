/// A leaf's path in a receipt tree: from the leaf up, the sibling at each step and the side it is on.
/// Written `L<hex>,R<hex>` (the sibling on the left, on the right), or `-` for a tree of one leaf.
public struct MerklePath: Hashable, Sendable, CustomStringConvertible {
    public enum Side: Hashable, Sendable {
        case left
        case right
    }

    public struct Step: Hashable, Sendable {
        public let sibling: Side
        /// The sibling's root, 64 lower-case hex characters.
        public let hashHex: String

        public init(sibling: Side, hashHex: String) {
            self.sibling = sibling
            self.hashHex = hashHex
        }
    }

    public let steps: [Step]

    public init(steps: [Step]) {
        self.steps = steps
    }

    /// Parses `-` or comma-separated `L<64 hex>`/`R<64 hex>` steps; `nil` for anything else.
    public init?(parsing text: String) {
        self.init(parsing: text[...])
    }

    /// As `init?(parsing:)` of a `String`.
    public init?(parsing text: Substring) {
        guard let parsed = text.withUTF8Span(Self.init(parsing:)) else { return nil }
        self = parsed
    }

    /// As `init?(parsing:)` of the text's UTF-8 bytes. Every step is 65 bytes and the next one starts after
    /// a comma, so the length alone says where each step is: the bytes are read once, by offset (a scan
    /// by `String` indices cost most of a receipt's parsing).
    public init?(parsing bytes: Span<UInt8>) {
        if bytes.count == 1, bytes[0] == UInt8(ascii: "-") {
            self.init(steps: [])
            return
        }
        let stride = Self.stepLength + 1
        let stepCount = (bytes.count + 1) / stride
        // A tree of at most 1,024 leaves is at most ten steps deep: refuse more before hashing any.
        guard (bytes.count + 1) % stride == 0, (1...10).contains(stepCount) else { return nil }
        var steps: [Step] = []
        steps.reserveCapacity(stepCount)
        for start in Swift.stride(from: 0, to: bytes.count, by: stride) {
            guard start == 0 || bytes[start - 1] == UInt8(ascii: ",") else { return nil }
            let sibling: Side
            switch bytes[start] {
            case UInt8(ascii: "L"): sibling = .left
            case UInt8(ascii: "R"): sibling = .right
            default: return nil
            }
            let hex = (start + 1)..<(start + Self.stepLength)
            let digits = bytes.extracting(hex)
            for index in digits.indices {
                guard Self.isLowerHex(digits[index]) else { return nil }
            }
            steps.append(Step(sibling: sibling, hashHex: bytes.string(hex)))
        }
        self.init(steps: steps)
    }

    /// `L` or `R`, then the sibling's 64 hex characters.
    private static let stepLength = 65

    public var description: String {
        guard !steps.isEmpty else { return "-" }
        // Every receipt carries one: built in one allocation, not a string per step and one to join them.
        var text = ""
        text.reserveCapacity(steps.count * 66)
        for step in steps {
            if !text.isEmpty { text.append(",") }
            text.append(step.sibling == .left ? "L" : "R")
            text.append(step.hashHex)
        }
        return text
    }

    /// The sides the siblings of leaf `index` are on in a tree of `leafCount` leaves, from the leaf up:
    /// the shape every valid path of that leaf has.
    public static func sides(ofLeaf index: Int, leafCount: Int) -> [Side] {
        precondition((0..<leafCount).contains(index), "leaf \(index) is outside a tree of \(leafCount)")
        var sides: [Side] = []
        var (index, count) = (index, leafCount)
        while count > 1 {
            let split = ReceiptTree.split(count)
            if index < split {
                sides.append(.right)
                count = split
            } else {
                sides.append(.left)
                index -= split
                count -= split
            }
        }
        return sides.reversed()
    }

    /// The root this path leads to from `leafHex`.
    public func root(fromLeaf leafHex: String) -> String {
        steps.reduce(leafHex) { node, step in
            step.sibling == .left ? ReceiptTree.node(step.hashHex, node) : ReceiptTree.node(node, step.hashHex)
        }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

extension MerklePath {
    /// The root this path leads to from the entry `seq` whose hash is `leafHex`, once the path is checked to
    /// have exactly the shape of that seq's leaf in `range`: a path of another leaf, or one padded or cut,
    /// is refused before any hashing, whatever root it would reach.
    public func root(ofSeq seq: Int64, leafHex: String, in range: ReceiptTreeRange) throws(ReceiptTreeError)
        -> String
    {
        guard range.contains(seq) else { throw .seqOutsideTree(seq: seq, range) }
        let shape = Self.sides(ofLeaf: Int(seq - range.first), leafCount: range.leafCount)
        guard steps.map(\.sibling) == shape else { throw .pathDoesNotFit(seq: seq, range) }
        return root(fromLeaf: leafHex)
    }
}
