/// Decimal numbers as the protocol writes them: ASCII digits only, no sign, no spaces.
public enum DecimalDigits {
    /// 18 digits always fit in an Int64, so longer input is refused rather than risking overflow.
    public static let maximumDigits = 18

    /// The value of `text`, or `nil` when it is empty, too long or holds anything but digits.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        let bytes = Substring(text).utf8
        guard !bytes.isEmpty, bytes.count <= maximumDigits else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
