import GavelCore
import Testing

@Suite("Command rate limit")
struct CommandRateLimiterTests {
    @Test("a burst of one second's worth passes, the next is RATE_LIMITED, and tokens refill with time")
    func bucket() throws {
        var limiter = CommandRateLimiter(commandsPerSecond: 10)
        var now = Timestamp(millisecondsSinceEpoch: 1_000_000)
        for _ in 0..<10 { try limiter.admit(at: now) }
        #expect(errorCode { try limiter.admit(at: now) } == .rateLimited)
        now = now.adding(milliseconds: 100)
        try limiter.admit(at: now)
        #expect(errorCode { try limiter.admit(at: now) } == .rateLimited)
        now = now.adding(milliseconds: 60_000)
        for _ in 0..<10 { try limiter.admit(at: now) }
        #expect(errorCode { try limiter.admit(at: now) } == .rateLimited)
    }
}
