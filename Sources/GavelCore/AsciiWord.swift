/// The shared shape of the protocol's word types (names, refs): 1 to `maximumLength` bytes, each from a
/// small ASCII alphabet; anything else is `SYNTAX`.
enum AsciiWord {
    static func check(
        _ text: some StringProtocol, what: String, maximumLength: Int, alphabet: String,
        isAllowed: (UInt8) -> Bool
    ) throws(GavelError) {
        let bytes = Substring(text).utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else {
            throw .syntax("\(what) must be 1 to \(maximumLength) characters")
        }
        for byte in bytes where !isAllowed(byte) {
            throw .syntax("\(what) may only contain \(alphabet)")
        }
    }
}
