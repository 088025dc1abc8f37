import Testing

@testable import GavelEntry

@Suite("key=value words found by byte offset")
struct KeyedWordsTests {
    @Test(
        "the first word that is key=<value>, never a key inside another word",
        arguments: [
            ("v=1 seq=42 kind=bid", "seq", "42"),
            ("seq=7", "seq", "7"),
            ("aseq=1 seqs=2 seq=3 seq=4", "seq", "3"),
            ("v=1 reason= pong", "reason", ""),
            ("v=1 note=a=b", "note", "a=b"),
            ("=x v=1", "", "x"),
            ("v=1 \u{301}seq=5 seq=6", "seq", "6"),
            ("v=1 seq=\u{301}5", "seq", "\u{301}5"),
        ])
    func found(line: String, key: String, value: String) {
        #expect(Self.value(of: key, in: line) == value)
    }

    @Test("no such word", arguments: [("", "seq"), ("seq", "seq"), ("v=1 se=1 seq 1", "seq"), ("pong", "pong")])
    func missing(line: String, key: String) {
        #expect(Self.value(of: key, in: line) == nil)
    }

    @Test("offsets count from the start of a substring's own bytes")
    func substringOffsets() {
        let whole = "OK v=1 seq=9 hash=ab"
        var line = whole.dropFirst(3)
        line.makeContiguousUTF8()
        let bytes = line.utf8.span
        let range = KeyedWords.value(of: "hash", in: bytes)
        #expect(range == 15..<17)
    }

    static func value(of key: String, in line: String) -> String? {
        var line = line
        line.makeContiguousUTF8()
        let bytes = line.utf8.span
        guard let range = KeyedWords.value(of: key, in: bytes) else { return nil }
        return bytes.extracting(range).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}
