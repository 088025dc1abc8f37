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

    /// Takes the bytes that arrived; returns whether they held a LF (a line ended). One pass over the
    /// bytes and one copy of them, whatever number of lines they hold: a flood of short lines costs no
    /// per-line work here.
    @discardableResult
    public mutating func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !overflowed, !bytes.isEmpty else { return false }
        discardTakenLines()
        let heldPartialBytes = buffer.count - partialStart
        // bytes[..<completeEnd] end with the LF of the last complete line in them.
        var completeEnd = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == Fields.lf {
                let carried = completeEnd == 0 ? heldPartialBytes : 0
                let before: UInt8? = index > completeEnd ? bytes[index - 1] : (carried > 0 ? buffer.last : nil)
                let lineBytes = carried + index - completeEnd - (before == Fields.cr ? 1 : 0)
                guard lineBytes <= maxLineBytes else {
                    take(bytes, upTo: completeEnd)
                    overflow()
                    return true
                }
                completeEnd = index + 1
            }
            index += 1
        }
        take(bytes, upTo: completeEnd)
        let partial = UnsafeRawBufferPointer(rebasing: bytes[completeEnd...])
        let partialBytes = (completeEnd == 0 ? heldPartialBytes : 0) + partial.count
        // A CR at the end is not counted yet: a LF may follow and drop it.
        let endsWithCR = partial.last.map { $0 == Fields.cr } ?? false
        guard partialBytes - (endsWithCR ? 1 : 0) <= maxLineBytes else {
            overflow()
            return completeEnd > 0
        }
        buffer.append(contentsOf: partial)
        return completeEnd > 0
    }

    /// Test and tool convenience: `append` of an array's bytes.
    @discardableResult
    public mutating func append(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Keeps `bytes[..<end]`, which ends with a LF (or is empty): complete lines.
    private mutating func take(_ bytes: UnsafeRawBufferPointer, upTo end: Int) {
        guard end > 0 else { return }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<end]))
        partialStart = buffer.count
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
