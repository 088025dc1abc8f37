import GavelClient
import GavelCore
import GavelWire

/// Sends the admin connection's many setup and audit commands without tripping the server's
/// per-connection rate limit: paced below it, and a command answered `RATE_LIMITED` anyway (a server
/// configured lower) is sent again after the server's bucket has had a second to refill. `UNAVAILABLE`
/// (a server rebuilding its state after a ledger outage or a failover; nothing was recorded) is sent
/// again the same way.
struct PacedSender {
    /// Under the protocol's default of 10,000 commands per second per connection.
    static let defaultCommandsPerSecond = 9_000
    static let maxAttempts = 10
    /// Commands are sent in slices of a tenth of a second's worth.
    static let slicesPerSecond = 10

    let connection: GavelConnection
    var commandsPerSecond = defaultCommandsPerSecond

    /// Hands each command's reply to `handle` with the command's index; returns the indices still
    /// answered `RATE_LIMITED` or `UNAVAILABLE` after every attempt.
    func send(_ commands: [Command], _ handle: (_ index: Int, ServerReply) throws -> Void) async throws -> [Int] {
        var pending = Array(commands.indices)
        for _ in 1...Self.maxAttempts {
            var limited: [Int] = []
            try await sendPaced(commands, indices: pending) { index, reply in
                if reply.errorCode == .rateLimited || reply.errorCode == .unavailable {
                    limited.append(index)
                } else {
                    try handle(index, reply)
                }
            }
            pending = limited
            guard !pending.isEmpty else { break }
            try await Task.sleep(for: .seconds(1))
        }
        return pending
    }

    /// The replies in command order; throws `setupFailed` if some command stays rate limited.
    func send(_ commands: [Command]) async throws -> [ServerReply] {
        var replies: [ServerReply?] = Array(repeating: nil, count: commands.count)
        let limited = try await send(commands) { index, reply in replies[index] = reply }
        guard limited.isEmpty else { throw LoadError.setupFailed("\(limited.count) commands stayed RATE_LIMITED") }
        return replies.map { $0! }
    }

    private func sendPaced(
        _ commands: [Command], indices: [Int], _ handle: (_ index: Int, ServerReply) throws -> Void
    ) async throws {
        let sliceSize = max(1, commandsPerSecond / Self.slicesPerSecond)
        let clock = ContinuousClock()
        let start = clock.now
        for (slice, sliceStart) in stride(from: 0, to: indices.count, by: sliceSize).enumerated() {
            try await clock.sleep(until: start + .milliseconds(1000 / Self.slicesPerSecond * slice))
            let sliceIndices = indices[sliceStart..<min(sliceStart + sliceSize, indices.count)]
            try await connection.send(sliceIndices.lazy.map { commands[$0] }, window: sliceSize) { position, reply in
                try handle(sliceIndices[sliceIndices.startIndex + position], reply)
            }
        }
    }
}
