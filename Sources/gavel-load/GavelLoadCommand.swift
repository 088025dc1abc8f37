import ArgumentParser
import Foundation
import GavelClient
import GavelLoad

/// `gavel-load`: load for a Gavel server on this machine, with latency percentiles and a receipt audit.
@main
struct GavelLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel-load",
        abstract: "Drive a Gavel server on this machine with bidders, measure latency, and audit every receipt.",
        discussion: """
            Sets up its own verified bidders and rounds through the admin token, runs for --duration seconds \
            or --requests commands, whichever ends first, then closes its rounds and checks that every receipt \
            it got is in the ledger byte for byte. Exits 1 on any unexpected error, mismatch or missing receipt.
            """)

    @Option(
        help: """
            The server, HOST:PORT; loopback only (127.0.0.0/8, [::1] or localhost). Several, comma-separated \
            (a writer and its standby): connections fail over in order, resending their bids with the same refs.
            """)
    var host: String

    /// `.unconditional`: a token is random base64url, so one in 64 starts with `-`.
    @Option(parsing: .unconditional, help: "An auctioneer token (the server's GAVEL_ADMIN_TOKEN).")
    var adminToken: String

    @Option(help: "Verified bidders to add.")
    var bidders = 100

    @Option(help: "Bidder connections.")
    var connections = 10

    @Option(help: "Rounds to open.")
    var rounds = 10

    @Option(help: "Seconds to run.")
    var duration = 10

    @Option(help: "Open loop: commands per second over all connections, timed from their intended send.")
    var rate: Int?

    @Option(help: "Closed loop: commands each connection keeps in flight.")
    var pipeline = 1

    @Option(help: "Stop after this many commands.")
    var requests = 1_000_000

    @Flag(help: "Rounds close one after another during the run; bidders aim at the one closing next.")
    var burst = false

    @Option(help: "Event-loop threads.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Speak TLS (a server started with --tls-cert/--tls-key); the system's CAs unless --ca-file.")
    var tls = false

    @Option(help: "Trust only the CA certificates in this PEM file; implies --tls.")
    var caFile: String?

    func run() async throws {
        let addresses = try host.split(separator: ",").map { try LoopbackAddress(parsing: String($0)) }
        guard let first = addresses.first else { throw ValidationError("--host wants HOST:PORT") }
        var options = LoadOptions(address: first, adminToken: adminToken)
        options.fallbackAddresses = Array(addresses.dropFirst())
        options.bidders = bidders
        options.connections = connections
        options.rounds = rounds
        options.durationSeconds = duration
        options.ratePerSecond = rate
        options.pipelineDepth = pipeline
        options.maxRequests = requests
        options.burst = burst
        options.eventLoopThreads = threads
        if tls || caFile != nil { options.tls = try GavelTLS(host: options.address.host, caFile: caFile) }
        try options.validate()
        let report = try await LoadGenerator.run(options) { progress in
            FileHandle.standardError.write(Data((progress.line + "\n").utf8))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        guard report.isClean else { throw ExitCode.failure }
    }
}
