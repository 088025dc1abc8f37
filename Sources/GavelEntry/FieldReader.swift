import GavelCore

/// Reads the fields of a canonical line back, in their fixed order: any field missing, extra or out
/// of place makes the line malformed.
struct FieldReader {
    private var words: ArraySlice<Substring>
    /// The entry's seq once read, so errors can name it.
    var seq: Int64?

    /// Splits at space bytes, not at `Character`s: a combining mark right after a space makes the two
    /// one `Character`, which would glue a value and the next word into one field.
    init(_ text: Substring) {
        var words: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        while let space = bytes[start...].firstIndex(of: UInt8(ascii: " ")) {
            words.append(Substring(bytes[start..<space]))
            start = bytes.index(after: space)
        }
        words.append(Substring(bytes[start...]))
        self.words = words[...]
    }

    var isAtEnd: Bool { words.isEmpty }

    mutating func value(_ key: String) throws(LedgerError) -> Substring {
        guard let value = optionalValue(key) else { throw malformed("expected \(key)=") }
        return value
    }

    /// The next field's value if the next field is `key`, for fields written only when they apply.
    /// Compared as bytes, not `Character`s: this runs for every field of every entry a replay reads, and
    /// grapheme breaking was most of a restart's time.
    mutating func optionalValue(_ key: String) -> Substring? {
        guard let word = words.first else { return nil }
        let bytes = word.utf8
        guard bytes.count > key.utf8.count, bytes.starts(with: key.utf8) else { return nil }
        let separator = bytes.index(bytes.startIndex, offsetBy: key.utf8.count)
        guard bytes[separator] == UInt8(ascii: "=") else { return nil }
        words.removeFirst()
        let value = word[bytes.index(after: separator)...]
        return value.isEmpty ? nil : value
    }

    mutating func int(_ key: String) throws(LedgerError) -> Int64 {
        guard let value = DecimalDigits.parse(try value(key)) else { throw malformed("\(key) is not a number") }
        return value
    }

    mutating func optionalInt(_ key: String) throws(LedgerError) -> Int64? {
        guard let text = optionalValue(key) else { return nil }
        guard let value = DecimalDigits.parse(text) else { throw malformed("\(key) is not a number") }
        return value
    }

    mutating func flag(_ key: String) throws(LedgerError) -> Bool {
        switch try value(key) {
        case "yes": return true
        case "no": return false
        default: throw malformed("\(key) is not yes or no")
        }
    }

    mutating func timestamp(_ key: String) throws(LedgerError) -> Timestamp {
        let text = try value(key)
        guard let moment = Timestamp(rfc3339: text), moment.description == text else {
            throw malformed("\(key) is not a canonical time")
        }
        return moment
    }

    mutating func money(_ key: String) throws(LedgerError) -> Money {
        let text = try value(key)
        guard let amount = try? Money.parse(text), amount.description == text else {
            throw malformed("\(key) is not a canonical amount")
        }
        return amount
    }

    mutating func hex64(_ key: String) throws(LedgerError) -> String {
        let text = try value(key)
        guard text.utf8.count == 64, text.utf8.allSatisfy(Self.isLowerHex) else {
            throw malformed("\(key) is not 64 lower-case hex digits")
        }
        return String(text)
    }

    /// `salt=`, last before `prev`: optional for the kinds that carry one (lines written before salts
    /// existed have none), refused on any other kind.
    mutating func salt(of kind: EntryKind) throws(LedgerError) -> Salt? {
        guard let text = optionalValue("salt") else { return nil }
        guard kind.isSalted else { throw malformed("a \(kind.rawValue) entry has no salt") }
        guard let salt = Salt(hex: text) else { throw malformed("salt is not 32 lower-case hex digits") }
        return salt
    }

    mutating func parse<Value>(_ key: String, _ make: (Substring) throws(GavelError) -> Value) throws(LedgerError)
        -> Value
    {
        let text = try value(key)
        do {
            return try make(text)
        } catch {
            throw malformed("\(key): \(error.message)")
        }
    }

    mutating func choice<Value: RawRepresentable<String>>(_ key: String, as type: Value.Type) throws(LedgerError)
        -> Value
    {
        guard let value = Value(rawValue: String(try value(key))) else { throw malformed("\(key) has no such value") }
        return value
    }

    func malformed(_ reason: String) -> LedgerError {
        .malformed(seq: seq, reason)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
