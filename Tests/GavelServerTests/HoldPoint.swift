import Synchronization

/// Where a test double holds one call until the test lets it go: the test arms it, waits until a call
/// arrives, changes what it likes meanwhile, and releases the call.
final class HoldPoint<Held: Sendable>: Sendable {
    private struct State: Sendable {
        var isArmed = false
        var held: Held?
        /// Tests waiting for a call to be held.
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// The next call that arrives is held.
    func holdNext() {
        state.withLock { $0.isArmed = true }
    }

    /// A call is held now.
    var isHolding: Bool { state.withLock { $0.held != nil } }

    /// Offers a call: true when it is held (the caller stops there), false when it goes on at once.
    func arrive(_ held: Held) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard state.isArmed, state.held == nil else { return nil }
            state.held = held
            defer { state.waiters = [] }
            return state.waiters
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume() }
        return true
    }

    /// Returns once a call is held.
    func waitUntilHeld() async {
        await withCheckedContinuation { continuation in
            let holding = state.withLock { state in
                if state.held != nil { return true }
                state.waiters.append(continuation)
                return false
            }
            if holding { continuation.resume() }
        }
    }

    /// The held call, for the test to finish; the point is disarmed.
    func release() -> Held? {
        state.withLock { state in
            defer { state = State() }
            return state.held
        }
    }
}
