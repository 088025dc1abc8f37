/// Text read as its UTF-8 bytes, by offset: the receipt and reply parsers scan bytes, not `Character`s
/// (a combining mark after a space or `=` would glue words together), and offsets, unlike `String`
/// indices, cost nothing to move.
extension Substring {
    /// Runs `body` on the text's bytes, made contiguous first (a no-op for a native string).
    @inlinable package func withUTF8Span<Result, Failure: Error>(
        _ body: (Span<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var text = self
        text.makeContiguousUTF8()
        return try body(text.utf8.span)
    }
}

extension Span where Element == UInt8 {
    /// The bytes in `range` as a `String`; they are whole UTF-8 sequences when `range` ends at ASCII bytes.
    @inlinable package func string(_ range: Range<Int>) -> String {
        extracting(range).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    @inlinable package func hasPrefix(_ prefix: Span<UInt8>, at offset: Int) -> Bool {
        guard count - offset >= prefix.count else { return false }
        for index in prefix.indices where self[offset + index] != prefix[index] { return false }
        return true
    }

    @inlinable package func hasPrefix(_ prefix: StaticString, at offset: Int) -> Bool {
        guard count - offset >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { expected in
            for index in expected.indices where self[offset + index] != expected[index] { return false }
            return true
        }
    }
}
