import GavelCore
import GavelServer
import Synchronization

/// A wall clock that stands still unless a test moves it; safe to read from any thread.
final class FixedClock: WallClock {
    private let milliseconds = Atomic<Int64>(1_800_000_000_000)

    var nowMs: Int64 {
        get { milliseconds.load(ordering: .sequentiallyConsistent) }
        set { milliseconds.store(newValue, ordering: .sequentiallyConsistent) }
    }

    func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: nowMs) }
}
