/// A once-a-second look at a run in progress.
public struct LoadProgress: Hashable, Sendable {
    public let elapsedSeconds: Int
    public let replies: Int
    /// Replies in the last second.
    public let repliesPerSecond: Int
    /// Replies so far that were failures: unexpected `ERR`s, mismatches, lost replies.
    public let failures: Int

    public var line: String {
        "gavel-load: \(elapsedSeconds)s \(replies) replies, \(repliesPerSecond)/s, \(failures) failures"
    }
}
