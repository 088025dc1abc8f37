import GavelEntry
import Testing

@testable import GavelLedger

/// The ledger writer's bookkeeping without a thread or a database: what each event does to the queue and
/// to whether an append may wait for a commit.
@Suite("ledger writer state machine")
struct LedgerWriterStateMachineTests {
    let start = ContinuousClock.now
    let records: [LedgerRecord]

    init() throws {
        records = try Chain.sample().records
    }

    func machine(maximumBatchRecords: Int = 1024) -> LedgerWriterStateMachine {
        LedgerWriterStateMachine(stallLimit: .milliseconds(750), maximumBatchRecords: maximumBatchRecords)
    }

    func pending(_ count: Int) -> PendingAppend {
        PendingAppend(records: Array(records.prefix(count)), complete: { _ in })
    }

    func at(_ milliseconds: Int) -> ContinuousClock.Instant {
        start.advanced(by: .milliseconds(milliseconds))
    }

    @Test("a writable writer queues appends and hands them out as one batch, marking the commit's start")
    func queueAndTake() {
        var writer = machine()
        let first = writer.append(pending(1), at: at(0))
        let second = writer.append(pending(2), at: at(1))
        #expect(first == nil && second == nil)
        #expect(writer.queue.count == 2)
        let batch = writer.takeBatch(at: at(2))
        #expect(batch?.map(\.records.count) == [1, 2])
        #expect(writer.queue.isEmpty)
        #expect(writer.commitStartedAt == at(2))
        let none = writer.takeBatch(at: at(3))
        #expect(none == nil)
        writer.commitEnded()
        #expect(writer.commitStartedAt == nil)
    }

    @Test("a batch stops before the append that would pass the record limit, but never splits or skips one")
    func batchLimit() {
        var writer = machine(maximumBatchRecords: 3)
        for count in [2, 2, 1] { _ = writer.append(pending(count), at: at(0)) }
        let first = writer.takeBatch(at: at(0))
        let second = writer.takeBatch(at: at(0))
        #expect(first?.map(\.records.count) == [2])
        #expect(second?.map(\.records.count) == [2, 1])
        var small = machine(maximumBatchRecords: 2)
        _ = small.append(pending(4), at: at(0))
        let oversized = small.takeBatch(at: at(0))
        #expect(oversized?.map(\.records.count) == [4])
    }

    @Test("a commit running past the stall limit refuses new appends, and the watchdog refuses the queued ones")
    func stuckCommit() {
        var writer = machine()
        _ = writer.append(pending(1), at: at(0))
        _ = writer.takeBatch(at: at(0))
        let atLimit = writer.append(pending(1), at: at(750))
        let nothingToRefuse = writer.refuseQueued(at: at(750))
        #expect(atLimit == nil && nothingToRefuse == nil)
        let pastLimit = writer.append(pending(1), at: at(751))
        #expect(pastLimit == "a commit is stuck")
        let refused = writer.refuseQueued(at: at(751))
        #expect(refused?.appends.count == 1)
        #expect(refused?.reason == "a commit is stuck")
        #expect(writer.queue.isEmpty)
        writer.commitEnded()
        let afterCommit = writer.append(pending(1), at: at(2000))
        #expect(afterCommit == nil)
    }

    @Test("a lost connection refuses appends until the writer is connected again")
    func lostAndBack() {
        var writer = machine()
        writer.connectionLost()
        #expect(writer.condition == .disconnected)
        let refusal = writer.append(pending(1), at: at(0))
        #expect(refusal == "no writable PostgreSQL now")
        #expect(writer.queue.isEmpty)
        let mayRecord = writer.connected()
        #expect(mayRecord)
        #expect(writer.condition == .writable)
        let accepted = writer.append(pending(1), at: at(0))
        #expect(accepted == nil)
    }

    @Test("a commit in doubt refuses appends, survives reconnecting, and ends only when it is resolved")
    func inDoubt() {
        var writer = machine()
        writer.commitInDoubt()
        writer.connectionLost()
        #expect(writer.condition == .inDoubt)
        let refusal = writer.append(pending(1), at: at(0))
        #expect(refusal == "a commit is in doubt")
        let mayRead = writer.connected()
        #expect(mayRead)
        #expect(writer.condition == .inDoubt)
        writer.doubtResolved()
        #expect(writer.condition == .disconnected)
        let mayRecord = writer.connected()
        #expect(mayRecord)
        let accepted = writer.append(pending(1), at: at(0))
        #expect(accepted == nil)
    }

    /// What takes a writer out of `writable` while appends wait, and the refusal it gives them.
    enum Interruption: CaseIterable {
        case connectionLost
        case commitInDoubt

        func happen(to writer: inout LedgerWriterStateMachine) {
            switch self {
            case .connectionLost: writer.connectionLost()
            case .commitInDoubt: writer.commitInDoubt()
            }
        }

        var reason: String {
            switch self {
            case .connectionLost: "no writable PostgreSQL now"
            case .commitInDoubt: "a commit is in doubt"
            }
        }
    }

    @Test(
        "the watchdog refuses what is queued once the connection is lost or a commit goes in doubt",
        arguments: Interruption.allCases)
    func watchdogRefusesWhenNotWritable(interruption: Interruption) {
        var writer = machine()
        _ = writer.append(pending(2), at: at(0))
        interruption.happen(to: &writer)
        let refused = writer.refuseQueued(at: at(1))
        #expect(refused?.appends.map(\.records.count) == [2])
        #expect(refused?.reason == interruption.reason)
        #expect(writer.queue.isEmpty)
    }

    @Test("a commit whose connection was found lost first goes in doubt too")
    func doubtAfterLostConnection() {
        var writer = machine()
        writer.connectionLost()
        writer.commitInDoubt()
        #expect(writer.condition == .inDoubt)
    }

    @Test("stepping down refuses the queue once, is said once, and no connection makes the writer record again")
    func stepDown() {
        var writer = machine()
        _ = writer.append(pending(1), at: at(0))
        _ = writer.append(pending(2), at: at(0))
        let first = writer.stepDown("another gaveld took the writer lock")
        #expect(first.isFirst)
        #expect(first.refused.appends.count == 2)
        #expect(first.refused.reason == "this gaveld stepped down: another gaveld took the writer lock")
        #expect(writer.queue.isEmpty)
        #expect(writer.steppedDownReason == "another gaveld took the writer lock")
        let second = writer.stepDown("again")
        #expect(!second.isFirst)
        let mayRecord = writer.connected()
        #expect(!mayRecord)
        writer.connectionLost()
        writer.commitInDoubt()
        writer.doubtResolved()
        #expect(writer.hasSteppedDown)
        let refusal = writer.append(pending(1), at: at(0))
        #expect(refusal?.hasPrefix("this gaveld stepped down: ") == true)
    }

    @Test("stopping refuses new appends but keeps the queued ones for the last commit, watchdog or not")
    func stopping() {
        var writer = machine()
        _ = writer.append(pending(1), at: at(0))
        _ = writer.takeBatch(at: at(0))
        _ = writer.append(pending(2), at: at(1))
        writer.stop()
        #expect(writer.isStopping)
        let refusal = writer.append(pending(1), at: at(2))
        #expect(refusal == "the ledger is shutting down")
        let refusedByWatchdog = writer.refuseQueued(at: at(5000))
        #expect(refusedByWatchdog == nil)
        let last = writer.takeBatch(at: at(5000))
        #expect(last?.map(\.records.count) == [2])
        let mayRecord = writer.connected()
        #expect(mayRecord)
    }
}
