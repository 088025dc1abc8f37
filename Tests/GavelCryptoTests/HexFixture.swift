/// Turns the hex strings used by published test vectors into bytes.
enum HexFixture {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count.isMultiple(of: 2), "odd-length hex fixture")
        return stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }
}
