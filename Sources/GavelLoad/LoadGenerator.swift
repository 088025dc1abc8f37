import GavelClient
import GavelCore
import GavelWire
import NIOCore
import NIOPosix

/// Runs a load test against a Gavel server on this machine (see `LoadOptions`): sets up its own
/// bidders and rounds with the admin token, drives the bidder connections for the run, then checks
/// every receipt it got against the ledger.
public enum LoadGenerator {
    /// Connections being opened at once during setup.
    static let connectConcurrency = 64

    public static func run(
        _ options: LoadOptions, progress: (@Sendable (LoadProgress) -> Void)? = nil
    ) async throws -> LoadReport {
        try options.validate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.eventLoopThreads)
        do {
            let report = try await run(options, on: group, progress: progress)
            try await group.shutdownGracefully()
            return report
        } catch {
            // Shutting the group down closes every connection the run still had open.
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func run(
        _ options: LoadOptions, on group: MultiThreadedEventLoopGroup, progress: (@Sendable (LoadProgress) -> Void)?
    ) async throws -> LoadReport {
        let admin = try await connect(token: options.adminToken, role: "auctioneer", options: options, group: group)
            .connection
        let runID = LoadWorld.makeRunID()
        let tokens = try await LoadWorld.addBidders(count: options.bidders, runID: runID, via: admin)
        let bidders = try await connectBidders(tokens: tokens, options: options, group: group)
        let rounds = try await LoadWorld.openRounds(
            count: options.rounds, runID: runID, durationSeconds: options.durationSeconds, burst: options.burst,
            via: admin)
        let control = RunControl(durationSeconds: options.durationSeconds, maxRequests: options.maxRequests)
        let tally = try await drive(
            bidders, tokens: tokens, rounds: rounds, runID: runID, control: control, options: options, progress)
        for bidder in bidders { await bidder.connection.close() }
        // After a failover the admin connection of the setup may be gone: audit on the writer now.
        let auditor: GavelConnection
        if options.failsOver {
            await admin.close()
            auditor = try await connect(
                token: options.adminToken, role: "auctioneer", options: options, group: group
            ).connection
        } else {
            auditor = admin
        }
        let audit = try await ReceiptAudit.run(
            receipts: tally.receipts, signatureSample: tally.signatureSample, rounds: rounds, via: auditor)
        await auditor.close()
        return report(tally, audit: audit, control: control, options: options)
    }

    /// A connection authenticated as `role`, and the index of the address it reached.
    private static func connect(
        token: String, role: String, options: LoadOptions, group: any EventLoopGroup
    ) async throws -> BidderConnection {
        let (connection, index) =
            options.failsOver
            ? try await GavelConnection.connect(toFirstOf: options.endpoints, tls: options.tls, group: group)
            : (
                try await GavelConnection.connect(
                    host: options.address.host, port: options.address.port, tls: options.tls, group: group), 0
            )
        let reply = try await connection.send(.auth(token: token))
        guard reply.fields?["role"] == role else {
            await connection.close()
            throw LoadError.setupFailed("AUTH as \(role): \(reply.line)")
        }
        return (connection, index)
    }

    /// Connection `i` authenticates as bidder `i % bidders`.
    private static func connectBidders(
        tokens: [String], options: LoadOptions, group: any EventLoopGroup
    ) async throws -> [BidderConnection] {
        let count = options.connections
        var connections: [BidderConnection?] = Array(repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, BidderConnection).self) { tasks in
            var next = 0
            var connecting = 0
            while next < count || connecting > 0 {
                if next < count, connecting < connectConcurrency {
                    let index = next
                    let token = tokens[index % tokens.count]
                    tasks.addTask {
                        (index, try await connect(token: token, role: "bidder", options: options, group: group))
                    }
                    next += 1
                    connecting += 1
                } else if let (index, connection) = try await tasks.next() {
                    connections[index] = connection
                    connecting -= 1
                }
            }
        }
        return connections.map { $0! }
    }
}
