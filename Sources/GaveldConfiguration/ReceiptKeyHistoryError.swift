/// Why a line of the receipt key history was refused.
public struct ReceiptKeyHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based.
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "line \(line): \(reason)"
    }
}
