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

    public let elementType: ElementType
    private var elements: [UInt8] = []
    private var count: Int32 = 0
    private var hasNulls = false

    public init(of elementType: ElementType) {
        self.elementType = elementType
    }

    /// A `bigint[]` element; nil is NULL.
    public mutating func append(_ value: Int64?) {
        precondition(elementType == .int8, "a bigint element in a \(elementType) array")
        guard let value else { return appendNull() }
        appendLength(8)
        Self.appendBigEndian(UInt64(bitPattern: value), to: &elements)
    }

    /// A `text[]` element (UTF-8); nil is NULL.
    public mutating func append(_ value: String?) {
        precondition(elementType == .text, "a text element in a \(elementType) array")
        guard let value else { return appendNull() }
        appendLength(value.utf8.count)
        elements.append(contentsOf: value.utf8)
    }

    /// A `timestamptz[]` element: the moment as milliseconds since the Unix epoch.
    public mutating func append(millisecondsSinceEpoch: Int64) {
        precondition(elementType == .timestamptz, "a timestamptz element in a \(elementType) array")
        appendLength(8)
        Self.appendBigEndian(
            UInt64(bitPattern: millisecondsSinceEpoch * 1000 - Self.postgresEpochMicroseconds), to: &elements)
    }

    /// The parameter's bytes: dimensions, flags, element type, one dimension's size and lower bound, then
    /// each element as its length and bytes (length -1: NULL).
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + elements.count)
        for field: UInt32 in [1, hasNulls ? 1 : 0, elementType.rawValue, UInt32(bitPattern: count), 1] {
            Self.appendBigEndian(field, to: &bytes)
        }
        bytes.append(contentsOf: elements)
        return bytes
    }

    private mutating func appendNull() {
        hasNulls = true
        count += 1
        Self.appendBigEndian(UInt32(bitPattern: -1), to: &elements)
    }

    private mutating func appendLength(_ length: Int) {
        count += 1
        Self.appendBigEndian(UInt32(length), to: &elements)
    }

    private static func appendBigEndian(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
