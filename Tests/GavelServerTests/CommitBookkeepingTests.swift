import GavelCore
import Testing

@testable import GavelServer

/// The engine's commit bookkeeping without an event loop: waiters are plain names here.
@Suite("commit bookkeeping")
struct CommitBookkeepingTests {
    typealias Bookkeeping = CommitBookkeeping<String, String>

    @Test("a read of committed state is answered at once; a later one waits for the commit that reaches it")
    func readsWaitForTheirCommits() throws {
        var commits = Bookkeeping()
        commits.adopted(headSeq: 3)
        let answeredNow = try commits.read(upTo: 3) { "unused" }
        #expect(answeredNow == nil)
        commits.recorded(seq: 4, waiter: "bid 4")
        commits.recorded(seq: 5, waiter: "bid 5")
        let waiting = try commits.read(upTo: 5) { "read at 5" }
        #expect(waiting == "read at 5")
        #expect(commits.committed(seq: 4) == "bid 4")
        #expect(commits.takeReadyRead() == nil)
        #expect(commits.committed(seq: 5) == "bid 5")
        #expect(commits.takeReadyRead() == "read at 5")
        #expect(commits.takeReadyRead() == nil)
        #expect(commits.committedSeq == 5)
        #expect(commits.inFlight.isEmpty && commits.waitingReads.isEmpty)
    }

    @Test("a failed commit starts recovery once: the reads are refused, recording and reading are refused")
    func failureStartsRecovery() throws {
        var commits = Bookkeeping()
        commits.recorded(seq: 1, waiter: "bid 1")
        commits.recorded(seq: 2, waiter: "bid 2")
        _ = try commits.read(upTo: 2) { "read at 2" }
        let first = commits.failed(seq: 1)
        #expect(first.waiter == "bid 1")
        #expect(first.refusedReads == ["read at 2"])
        #expect(commits.isRecovering)
        #expect(commits.recordingRefusal?.code == .unavailable)
        #expect(throws: GavelError.self) { _ = try commits.read(upTo: 0) { "refused" } }
        #expect(!commits.needsRebuild)
        let second = commits.failed(seq: 2)
        #expect(second.waiter == "bid 2" && second.refusedReads.isEmpty)
        #expect(commits.needsRebuild)
        commits.adopted(headSeq: 0)
        #expect(!commits.isRecovering && commits.recordingRefusal == nil)
        #expect(commits.committedSeq == 0)
    }

    @Test("a refusal may overtake a commit still in doubt: the later entry fails first")
    func refusalOvertakesInDoubt() {
        var commits = Bookkeeping()
        commits.recorded(seq: 1, waiter: "held in doubt")
        commits.recorded(seq: 2, waiter: "refused at once")
        #expect(commits.failed(seq: 2).waiter == "refused at once")
        #expect(commits.inFlight.map(\.seq) == [1])
        #expect(!commits.needsRebuild)
        #expect(commits.failed(seq: 1).waiter == "held in doubt")
        #expect(commits.needsRebuild)
    }

    @Test("a ledger broken at start refuses recording for good, naming the seq; reads go on")
    func brokenLedger() throws {
        var commits = Bookkeeping()
        commits.adopted(headSeq: 6, brokenAt: 7)
        #expect(commits.brokenAtSeq == 7)
        #expect(commits.recordingRefusal == .internal("ledger broken at seq=7; nothing can be recorded"))
        let answered = try commits.read(upTo: 6) { "unused" }
        #expect(answered == nil)
    }

    @Test("shutdown hands back the newest entry in flight, or nothing when all are answered")
    func shutdown() {
        var idle = Bookkeeping()
        #expect(idle.shutDown() == nil)
        #expect(idle.isShuttingDown)
        var busy = Bookkeeping()
        busy.recorded(seq: 1, waiter: "bid 1")
        busy.recorded(seq: 2, waiter: "bid 2")
        #expect(busy.shutDown() == "bid 2")
    }
}
