public import GavelCore

/// Where the server reads the time: the system clock in production, a fake one in tests.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}
