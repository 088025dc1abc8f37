/// RFC 4648 base64 in pure Swift, with a decoder that accepts only canonical input.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")
    private static let bitsPerCharacter = 6
    private static let bitsPerByte = 8

    /// Standard alphabet with "=" padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var accumulator: UInt32 = 0
        var pendingBitCount = 0
        for byte in bytes {
            accumulator = accumulator << bitsPerByte | UInt32(byte)
            pendingBitCount += bitsPerByte
            while pendingBitCount >= bitsPerCharacter {
                pendingBitCount -= bitsPerCharacter
                output.append(alphabet[Int(accumulator >> UInt32(pendingBitCount) & 0x3F)])
            }
        }
        if pendingBitCount > 0 {
            output.append(alphabet[Int(accumulator << UInt32(bitsPerCharacter - pendingBitCount) & 0x3F)])
        }
        while output.count % 4 != 0 {
            output.append(padding)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 4648 section 5 alphabet without padding, safe in URLs, headers and file names.
    public static func encodeURLSafeUnpadded(_ bytes: some Collection<UInt8>) -> String {
        let urlSafe = encode(bytes).utf8.compactMap { character -> UInt8? in
            switch character {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case padding: nil
            default: character
            }
        }
        return String(decoding: urlSafe, as: UTF8.self)
    }

    /// Decodes standard padded base64, returning nil for anything another encoder would not produce:
    /// whitespace, missing or misplaced padding, foreign characters, or non-zero unused trailing bits.
    /// Strictness matters because decoded keys are compared and stored by their text form.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        let paddingCount = characters.reversed().prefix { $0 == padding }.count
        guard characters.count % 4 == 0, paddingCount <= 2 else {
            return nil
        }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 4 * 3)
        var accumulator: UInt32 = 0
        var pendingBitCount = 0
        for character in characters.dropLast(paddingCount) {
            guard let value = alphabet.firstIndex(of: character) else {
                return nil
            }
            accumulator = accumulator << bitsPerCharacter | UInt32(value)
            pendingBitCount += bitsPerCharacter
            if pendingBitCount >= bitsPerByte {
                pendingBitCount -= bitsPerByte
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(pendingBitCount)))
            }
        }
        let unusedBits = accumulator & (1 << UInt32(pendingBitCount) - 1)
        return unusedBits == 0 ? output : nil
    }
}
