import GavelCore
import GavelCrypto
import GavelServerConfiguration
import GavelWire
import Logging

/// What every session shares: the engine, the receipt keys' public halves, the admin token, the limits.
struct SessionContext: Sendable {
    let engine: AuctionEngine
    let configuration: ServerConfiguration
    let publicKeyBase64: String
    /// Keys used before a rotation, for `PUBKEY`.
    let retiredKeys: [RetiredKey]
    /// SHA-256 of the bootstrap auctioneer token, which lives outside the ledger.
    let adminTokenSHA256: String?
    let authFailures: AuthFailureTracker
    let connections: ConnectionCounter
    let backPressure: BackPressureStatistics
    let memoryRelease = MemoryRelease()
    let metrics: ServerMetrics
    let clock: any WallClock
    let logger: Logger

    /// The account a token opens: the bootstrap auctioneer, compared in constant time, or a ledger account.
    func actor(forTokenSHA256 digest: String, account: Account?) -> Actor? {
        if let adminTokenSHA256, Self.constantTimeEquals(digest, adminTokenSHA256) {
            return Actor(name: .bootstrapAuctioneer, role: .auctioneer)
        }
        return account.map { Actor(name: $0.name, role: $0.role) }
    }

    var sessionLimits: SessionStateMachine.Limits {
        SessionStateMachine.Limits(
            maxPipelinedCommands: configuration.maxPipelinedCommands, fairBatch: configuration.fairBatch,
            authTimeoutMs: configuration.authTimeoutMs, idleTimeoutMs: configuration.idleTimeoutMs,
            lineTimeoutMs: configuration.lineTimeoutMs,
            slowReaderTimeoutMs: configuration.slowReaderTimeoutMs,
            maxCommandsPerSecond: configuration.maxCommandsPerSecond)
    }

    /// The greeting every connection gets first, accepted or refused.
    var hello: ServerEvent {
        .hello(serverVersion: configuration.serverVersion, publicKeyBase64: publicKeyBase64)
    }

    private static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
