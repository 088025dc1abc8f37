/// The arguments of `OPEN`, parsed but not yet checked against the rules.
public struct OpenRequest: Hashable, Sendable {
    public enum Closing: Hashable, Sendable {
        /// `duration=`: this many milliseconds after the round opens.
        case after(milliseconds: Int64)
        /// `closes=`: at this moment.
        case at(Timestamp)
    }

    public var handle: Handle
    public var reserve: Money
    public var closing: Closing
    /// `opens=`; `nil` opens the round now.
    public var opens: Timestamp?
    public var format: RoundFormat
    public var reserveVisibility: ReserveVisibility

    public init(
        handle: Handle, reserve: Money, closing: Closing, opens: Timestamp? = nil, format: RoundFormat = .first,
        reserveVisibility: ReserveVisibility = .public
    ) {
        self.handle = handle
        self.reserve = reserve
        self.closing = closing
        self.opens = opens
        self.format = format
        self.reserveVisibility = reserveVisibility
    }
}
