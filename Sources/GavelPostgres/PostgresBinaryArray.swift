/// A one-dimensional array in PostgreSQL's binary wire format (`array_send`): what a binary-format
/// parameter of type `bigint[]`, `text[]` or `timestamptz[]` carries. The ledger's batch INSERT sends its
/// columns this way: parsing the same arrays as text was a sixth of the PostgreSQL backend's time.
public struct PostgresBinaryArray: Sendable {
    public enum ElementType: UInt32, Sendable {
        case int8 = 20
        case text = 25
        case timestamptz = 1184
    }

    /// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z.
    static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000

    /// Dimensions, flags, element type, size and lower bound: written by `encoded()`, once the count is known.
    static let headerLength = 20

    public let elementType: ElementType
    /// The header's room, then the elements: the parameter is built in one buffer, never copied.
    private var buffer: [UInt8]
    private var count: Int32 = 0
    private var hasNulls = false

    /// Sized for `count` elements, so that a commit's columns are allocated once rather than grown; for text,
    /// `textBytes` is about how many bytes of UTF-8 they hold together.
    public init(of elementType: ElementType, count: Int = 0, textBytes: Int = 0) {
        self.elementType = elementType
        buffer = []
        // Each element is its 4-byte length, then 8 bytes for a bigint or a time.
        let elementBytes = elementType == .text ? count * 4 + textBytes : count * 12
        buffer.reserveCapacity(Self.headerLength + elementBytes)
        buffer.append(contentsOf: repeatElement(0, count: Self.headerLength))
    }

    /// A `bigint[]` element; nil is NULL.
    public mutating func append(_ value: Int64?) {
        precondition(elementType == .int8, "a bigint element in a \(elementType) array")
        guard let value else { return appendNull() }
        appendLength(8)
        Self.appendBigEndian(UInt64(bitPattern: value), to: &buffer)
    }

    /// A `text[]` element (UTF-8); nil is NULL.
    public mutating func append(_ value: String?) {
        precondition(elementType == .text, "a text element in a \(elementType) array")
        guard let value else { return appendNull() }
        appendLength(value.utf8.count)
        buffer.append(contentsOf: value.utf8)
    }

    /// A `timestamptz[]` element: the moment as milliseconds since the Unix epoch.
    public mutating func append(millisecondsSinceEpoch: Int64) {
        precondition(elementType == .timestamptz, "a timestamptz element in a \(elementType) array")
        appendLength(8)
        Self.appendBigEndian(
            UInt64(bitPattern: millisecondsSinceEpoch * 1000 - Self.postgresEpochMicroseconds), to: &buffer)
    }

    /// The parameter's bytes: dimensions, flags, element type, one dimension's size and lower bound, then
    /// each element as its length and bytes (length -1: NULL). Writes the header into its room in place:
    /// mutating, so that the buffer is not shared (and copied) while it is written.
    public mutating func encoded() -> [UInt8] {
        let (hasNulls, elementType, count) = (hasNulls, elementType, count)
        buffer.withUnsafeMutableBytes { bytes in
            func put(_ field: UInt32, at index: Int) {
                bytes.storeBytes(of: field.bigEndian, toByteOffset: index * 4, as: UInt32.self)
            }
            put(1, at: 0)
            put(hasNulls ? 1 : 0, at: 1)
            put(elementType.rawValue, at: 2)
            put(UInt32(bitPattern: count), at: 3)
            put(1, at: 4)
        }
        return buffer
    }

    private mutating func appendNull() {
        hasNulls = true
        count += 1
        Self.appendBigEndian(UInt32(bitPattern: -1), to: &buffer)
    }

    private mutating func appendLength(_ length: Int) {
        count += 1
        Self.appendBigEndian(UInt32(length), to: &buffer)
    }

    private static func appendBigEndian(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
