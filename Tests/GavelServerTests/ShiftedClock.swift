import GavelCore
import GavelServer
import Synchronization

/// The system's clock moved forward by what a test says: a restart "after" a round's close without
/// waiting for it.
final class ShiftedClock: WallClock {
    private let shiftMs = Atomic<Int64>(0)

    func advance(byMilliseconds milliseconds: Int64) {
        shiftMs.add(milliseconds, ordering: .relaxed)
    }

    func now() -> Timestamp {
        SystemClock().now().adding(milliseconds: shiftMs.load(ordering: .relaxed))
    }
}
