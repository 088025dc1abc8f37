/// An inquiry about a handle of unknown status, waiting for an auctioneer's answer.
public struct PendingInquiry: Hashable, Sendable {
    public let handle: Handle
    public let askedBy: BidderName
    public let seq: Int64
    public let firstAt: Timestamp

    public init(handle: Handle, askedBy: BidderName, seq: Int64, firstAt: Timestamp) {
        self.handle = handle
        self.askedBy = askedBy
        self.seq = seq
        self.firstAt = firstAt
    }

    /// `first_at`'s time of day on the third Monday-to-Friday date after `first_at`'s date (UTC).
    public var answerDue: Timestamp {
        var day = firstAt.epochDay
        var businessDays = 0
        while businessDays < 3 {
            day += 1
            if CivilDate(epochDay: day).isoWeekday <= 5 { businessDays += 1 }
        }
        return Timestamp(millisecondsSinceEpoch: day * Timestamp.millisecondsPerDay + firstAt.millisecondOfDay)
    }
}
