import GavelCore

/// Cuts a connection's bytes into command lines: `append` what arrives, then take lines with
/// `nextLine` until it returns `nil`. A line loses its LF and the one CR right before it.
///
/// Memory stays bounded: the framer holds the complete lines not taken yet plus at most
/// `maxLineBytes + 1` bytes of the line still arriving (and, until it compacts, up to as many bytes
/// of lines already taken). A line that grows past `maxLineBytes`
/// (the CR and LF not counted) is refused as soon as it does, without waiting for its LF: the lines
/// before it are still handed out, then `nextLine` throws `LINE_TOO_LONG` from then on.
public struct LineFramer: Sendable {
    public static let defaultMaxLineBytes = 4096

    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// Where the next line to hand out starts.
    private var readIndex = 0
    /// Where the line without a LF yet starts; every byte before it belongs to a complete line.
    private var partialStart = 0
    /// Set once a line is too long; nothing from that line on is kept.
    private var overflowed = false

    public init(maxLineBytes: Int = Self.defaultMaxLineBytes) {
        precondition(maxLineBytes > 0, "a line may hold at least one byte")
        self.maxLineBytes = maxLineBytes
    }

    /// The bytes held: complete lines not yet taken and the line still arriving.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Whether bytes of a line without its LF yet are held.
    public var hasPartialLine: Bool { buffer.count > partialStart }

    /// Whether `nextLine` has something to hand out now: a complete line, or the `LINE_TOO_LONG` after them.
    public var hasCompleteLine: Bool { readIndex < partialStart || overflowed }

    public mutating func append(_ bytes: some BidirectionalCollection<UInt8>) {
        guard !overflowed else { return }
        discardTakenLines()
        var rest = bytes[...]
        while let newline = rest.firstIndex(of: Fields.lf) {
            guard partialFits(after: rest[..<newline]) else { return overflow() }
            buffer.append(contentsOf: rest[...newline])
            partialStart = buffer.count
            rest = rest[rest.index(after: newline)...]
        }
        guard partialFits(after: rest) else { return overflow() }
        buffer.append(contentsOf: rest)
    }

    /// The next complete line, `nil` when none is complete yet, or `LINE_TOO_LONG` once the lines
    /// before a too-long one are taken.
    public mutating func nextLine() throws(GavelError) -> [UInt8]? {
        try nextLine { Array($0) }
    }

    /// Hands the next complete line to `body` as a slice of the framer's buffer, without copying it, and
    /// returns what `body` returns; `nil` when no line is complete yet, or `LINE_TOO_LONG` as `nextLine()`.
    public mutating func nextLine<Result>(_ body: (ArraySlice<UInt8>) -> Result) throws(GavelError) -> Result? {
        guard readIndex < partialStart else {
            if overflowed { throw .lineTooLong(maximumBytes: maxLineBytes) }
            return nil
        }
        guard let newline = buffer[readIndex..<partialStart].firstIndex(of: Fields.lf) else {
            preconditionFailure("every byte before partialStart belongs to a line ended by LF")
        }
        let end = newline > readIndex && buffer[newline - 1] == Fields.cr ? newline - 1 : newline
        let start = readIndex
        readIndex = newline + 1
        return body(buffer[start..<end])
    }

    /// Whether the line still arriving stays within the limit with `more` added. A CR at its end
    /// is not counted yet: a LF may follow and drop it.
    private func partialFits(after more: some BidirectionalCollection<UInt8>) -> Bool {
        let count = buffer.count - partialStart + more.count
        let last = more.last ?? (buffer.count > partialStart ? buffer.last : nil)
        return count - (last == Fields.cr ? 1 : 0) <= maxLineBytes
    }

    private mutating func overflow() {
        overflowed = true
        buffer.removeSubrange(partialStart...)
    }

    /// Moves the untaken bytes to the front only once the taken ones are at least half the buffer,
    /// so each byte is moved a bounded number of times however the input is split.
    private mutating func discardTakenLines() {
        guard readIndex > 0, readIndex * 2 >= buffer.count else { return }
        buffer.removeSubrange(..<readIndex)
        partialStart -= readIndex
        readIndex = 0
    }
}
