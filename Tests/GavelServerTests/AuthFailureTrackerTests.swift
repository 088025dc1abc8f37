import GavelCore
import Testing

@testable import GavelServer

@Suite("AUTH failures per address")
struct AuthFailureTrackerTests {
    @Test("delays after the third failure, disconnects at the tenth, forgets failures older than the window")
    func verdicts() {
        let tracker = AuthFailureTracker()
        let start = Timestamp(millisecondsSinceEpoch: 1_000_000)
        let verdicts = (1...10).map {
            tracker.recordFailure(from: "10.0.0.1", at: start.adding(milliseconds: Int64($0)))
        }
        #expect(verdicts[0..<3].allSatisfy { $0 == .answer(delayMs: 0) })
        #expect(verdicts[3] == .answer(delayMs: 250))
        #expect(verdicts[9] == .disconnect)
        #expect(tracker.recordFailure(from: "10.0.0.1", at: start.adding(milliseconds: 20)) == .disconnect)
        let later = start.adding(milliseconds: AuthFailureTracker.windowMs + 100)
        #expect(tracker.recordFailure(from: "10.0.0.1", at: later) == .answer(delayMs: 0))
    }

    @Test("failures from many addresses do not grow the table without bound")
    func manyAddressesArePruned() {
        let tracker = AuthFailureTracker()
        let start = Timestamp(millisecondsSinceEpoch: 1_000_000)
        for index in 0..<AuthFailureTracker.addressesBeforePruning {
            _ = tracker.recordFailure(from: "a\(index)", at: start)
        }
        #expect(tracker.addressCount == AuthFailureTracker.addressesBeforePruning)
        let later = start.adding(milliseconds: AuthFailureTracker.windowMs + 1)
        _ = tracker.recordFailure(from: "newcomer", at: later)
        #expect(tracker.addressCount == 1)
    }
}
