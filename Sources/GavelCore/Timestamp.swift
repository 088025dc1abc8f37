/// A moment as milliseconds since 1970-01-01T00:00:00Z, printed as RFC 3339 UTC with milliseconds.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let millisecondsPerDay: Int64 = 86_400_000
    /// 9999-12-31T23:59:59.999Z: RFC 3339 writes a year in four digits, so no later moment can be printed
    /// and read back. A round may not close after it.
    public static let latest = Timestamp(millisecondsSinceEpoch: 253_402_300_799_999)

    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// The first moment at or after this one that is a whole multiple of `stepMs` since the epoch.
    public func roundedUp(toMultipleOfMs stepMs: Int64) -> Timestamp {
        precondition(stepMs > 0, "a time grid needs a positive step")
        let remainder = millisecondsSinceEpoch - floorDivide(millisecondsSinceEpoch, stepMs) * stepMs
        return remainder == 0 ? self : adding(milliseconds: stepMs - remainder)
    }

    /// Days since the epoch of this moment's UTC date.
    public var epochDay: Int64 { floorDivide(millisecondsSinceEpoch, Self.millisecondsPerDay) }

    /// Milliseconds since this moment's UTC midnight.
    public var millisecondOfDay: Int64 { millisecondsSinceEpoch - epochDay * Self.millisecondsPerDay }

    /// `2026-11-24T16:00:00.000Z`
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendRFC3339(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `description`'s bytes: every ledger entry carries a time, so it is written digit by digit
    /// rather than through string interpolation.
    public func appendRFC3339(to bytes: inout [UInt8]) {
        let date = CivilDate(epochDay: epochDay)
        let ms = millisecondOfDay
        appendPadded(date.year, 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(date.month, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(date.day, 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendPadded(ms / 3_600_000, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(ms / 60_000 % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(ms / 1000 % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendPadded(ms % 1000, 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±HH:MM)`; `nil` when malformed or out of range.
    public init?(rfc3339 text: some StringProtocol) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t"),
            let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), scanner.skip(":"),
            let second = scanner.number(2)
        else { return nil }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds: Int64 = 0
        if scanner.skip(".") {
            guard let fraction = scanner.fraction() else { return nil }
            milliseconds = fraction
        }
        guard let offsetMinutes = scanner.offsetMinutes(), scanner.isAtEnd else { return nil }
        let days = CivilDate(year: year, month: month, day: day).epochDay
        let secondsOfDay = hour * 3600 + minute * 60 + second - offsetMinutes * 60
        let moment = days * Self.millisecondsPerDay + secondsOfDay * 1000 + milliseconds
        // An offset can move a time in year 0000 or 9999 out of the four-digit years `description` prints.
        guard Self.printableMilliseconds.contains(moment) else { return nil }
        self.init(millisecondsSinceEpoch: moment)
    }

    /// 0000-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z: the instants RFC 3339 can write.
    static let printableMilliseconds: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999
}

/// `value`'s decimal digits, zero-padded on the left to at least `width`.
private func appendPadded(_ value: Int64, _ width: Int, to bytes: inout [UInt8]) {
    guard value >= 0 else {
        // Only for moments RFC 3339 cannot write (before year 0): never in a ledger entry.
        let digits = String(value)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - digits.utf8.count)))
        bytes.append(contentsOf: digits.utf8)
        return
    }
    var divisor: Int64 = 1
    var digitCount = 1
    while value / divisor >= 10 {
        divisor *= 10
        digitCount += 1
    }
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - digitCount)))
    while divisor > 0 {
        bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
        divisor /= 10
    }
}

func floorDivide(_ lhs: Int64, _ rhs: Int64) -> Int64 {
    let quotient = lhs / rhs
    return (lhs % rhs != 0 && (lhs < 0) != (rhs < 0)) ? quotient - 1 : quotient
}

/// Reads fixed-width digit groups and separators of an RFC 3339 text.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func number(_ width: Int) -> Int64? {
        guard index + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + width] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += width
        return value
    }

    /// One to three digits of a second, as milliseconds.
    mutating func fraction() -> Int64? {
        var value: Int64 = 0
        var count = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            guard count < 3 else { return nil }
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<3 { value *= 10 }
        return value
    }

    /// `Z` is zero; `+HH:MM` and `-HH:MM` are the offset east of UTC in minutes.
    mutating func offsetMinutes() -> Int64? {
        if skip("Z") || skip("z") { return 0 }
        let sign: Int64
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(2), skip(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes)
    }
}
