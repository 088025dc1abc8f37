/// When an open-loop connection means to send each command: evenly spaced at its share of the rate,
/// whether or not earlier replies have come.
struct OpenLoopSchedule: Sendable {
    let firstNs: UInt64
    let intervalNs: Double
    /// The next command to send.
    var index = 0

    /// Connection `connection` of `connections` sends every `connections / rate` seconds, offset by
    /// `connection / rate`, so together they send one command every `1 / rate` seconds.
    init(startNs: UInt64, ratePerSecond: Int, connection: Int, connections: Int) {
        let globalIntervalNs = 1e9 / Double(ratePerSecond)
        intervalNs = globalIntervalNs * Double(connections)
        firstNs = startNs + UInt64(globalIntervalNs * Double(connection))
    }

    var nextNs: UInt64 { firstNs + UInt64(Double(index) * intervalNs) }

    /// The commands due before `limitNs` that have not been sent.
    func dueCount(before limitNs: UInt64) -> Int {
        guard nextNs < limitNs else { return 0 }
        return Int((Double(limitNs - nextNs) / intervalNs).rounded(.up))
    }
}
