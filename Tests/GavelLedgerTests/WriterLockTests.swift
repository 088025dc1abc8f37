import GavelLedger
import Testing

/// Invariant 10 without a database: what a gaveld does with each thing it learns about the writer lock.
@Suite("writer lock state machine")
struct WriterLockTests {
    static let ours = "MCowBQYDK2VwAyEAours"
    static let retired = "MCowBQYDK2VwAyEAretired"
    static let foreign = "MCowBQYDK2VwAyEAforeign"

    @Test("a first writer on a fresh database claims epoch 1 and records")
    func acquireFresh() {
        var lock = WriterLock(publicKey: Self.ours)
        #expect(!lock.mayRecord)
        #expect(lock.tookLock(claim: nil, ledgerUnchanged: false) == .write(epoch: 1))
        #expect(lock.state == .writing(epoch: 1))
        #expect(lock.mayRecord)
    }

    @Test("a standby waits while another holds the lock, then takes over after the last claim")
    func standbyTakesOver() {
        var lock = WriterLock(publicKey: Self.ours)
        #expect(lock.lockHeld(by: "'gaveld a:7070'") == .wait(holder: "'gaveld a:7070'"))
        #expect(lock.state == .waiting)
        #expect(!lock.mayRecord)
        let outcome = lock.tookLock(claim: WriterClaim(epoch: 7, publicKey: Self.ours), ledgerUnchanged: false)
        #expect(outcome == .write(epoch: 8))
        #expect(lock.mayRecord)
    }

    @Test("losing the connection stops recording; the same lock taken again with nothing changed resumes")
    func loseAndReacquire() {
        var lock = WriterLock(publicKey: Self.ours)
        _ = lock.tookLock(claim: WriterClaim(epoch: 2, publicKey: Self.ours), ledgerUnchanged: true)
        lock.connectionLost()
        #expect(lock.state == .lost(epoch: 3))
        #expect(!lock.mayRecord)
        let outcome = lock.tookLock(claim: WriterClaim(epoch: 3, publicKey: Self.ours), ledgerUnchanged: true)
        #expect(outcome == .write(epoch: 4))
        #expect(lock.mayRecord)
    }

    @Test("a lost writer whose claim was overwritten steps down, and stays down")
    func stepDownOnNewerClaim() {
        var lock = WriterLock(publicKey: Self.ours)
        _ = lock.tookLock(claim: nil, ledgerUnchanged: true)
        lock.connectionLost()
        let outcome = lock.tookLock(claim: WriterClaim(epoch: 2, publicKey: Self.ours), ledgerUnchanged: true)
        guard case .stepDown = outcome else {
            Issue.record("expected a step-down, got \(outcome)")
            return
        }
        #expect(!lock.mayRecord)
        guard case .stepDown = lock.tookLock(claim: WriterClaim(epoch: 2, publicKey: Self.ours), ledgerUnchanged: true)
        else {
            Issue.record("a stepped-down writer never writes again")
            return
        }
        #expect(!lock.mayRecord)
    }

    @Test("a lost writer whose ledger moved on steps down even under its own claim")
    func stepDownOnMovedLedger() {
        var lock = WriterLock(publicKey: Self.ours)
        _ = lock.tookLock(claim: nil, ledgerUnchanged: true)
        lock.connectionLost()
        guard case .stepDown = lock.tookLock(claim: WriterClaim(epoch: 1, publicKey: Self.ours), ledgerUnchanged: false)
        else {
            Issue.record("expected a step-down")
            return
        }
        #expect(!lock.mayRecord)
    }

    @Test("a lost writer that finds the lock held by another steps down")
    func stepDownOnHeldLock() {
        var lock = WriterLock(publicKey: Self.ours)
        _ = lock.tookLock(claim: nil, ledgerUnchanged: true)
        lock.connectionLost()
        let outcome = lock.lockHeld(by: "'gaveld b:7071'")
        #expect(outcome == .stepDown(reason: "the writer lock is held by 'gaveld b:7071'"))
        #expect(lock.state == .steppedDown(reason: "the writer lock is held by 'gaveld b:7071'"))
    }

    @Test("a standby with another key refuses, naming both keys; a retired key of its own is accepted")
    func keyCheck() {
        var stranger = WriterLock(publicKey: Self.ours)
        let refusal = stranger.tookLock(claim: WriterClaim(epoch: 4, publicKey: Self.foreign), ledgerUnchanged: true)
        guard case .refuse(let reason) = refusal else {
            Issue.record("expected a refusal, got \(refusal)")
            return
        }
        #expect(reason.contains(Self.foreign) && reason.contains(Self.ours))
        #expect(!stranger.mayRecord)
        #expect(stranger.refusal(claim: WriterClaim(epoch: 4, publicKey: Self.foreign)) == refusal)
        #expect(stranger.refusal(claim: WriterClaim(epoch: 4, publicKey: Self.ours)) == nil)
        #expect(stranger.refusal(claim: nil) == nil)
        var rotated = WriterLock(publicKey: Self.ours, retiredKeys: [Self.retired])
        #expect(
            rotated.tookLock(claim: WriterClaim(epoch: 4, publicKey: Self.retired), ledgerUnchanged: true)
                == .write(epoch: 5))
    }
}
