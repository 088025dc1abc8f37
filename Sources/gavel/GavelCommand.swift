import ArgumentParser
import Foundation
import GavelCLI
import GavelClient
import GavelCore

/// `gavel [--host HOST:PORT] [--token T] [WORD...]`: one command, or an interactive session without words.
struct GavelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel",
        abstract: "Talk to a Gavel server: one command, or an interactive session without command words.",
        discussion: """
            gavel BID @acme 25000        send one command, print its reply
            gavel                        interactive session, line editing and history
            gavel verify-ledger          LEDGER VERIFY through an auctioneer connection
            gavel verify-receipt FILE    check a saved receipt offline (--key PEM)
            Exit status: 0 OK, 1 ERR (its code on standard error), 2 usage or connection error. \
            Receipts are saved as <seq>.receipt, with every server key seen as keys/<fingerprint>.pem beside them.
            """,
        version: GavelVersion.current)

    @Option(help: "The server, HOST:PORT; several, comma-separated, are tried in order (a writer and its standby).")
    var host = ServerAddress.defaultAddress.description

    /// `.unconditional`: a token is random base64url, so one in 64 starts with `-`.
    @Option(parsing: .unconditional, help: "A bidder or auctioneer token (default: $GAVEL_TOKEN); AUTH is sent first.")
    var token: String?

    @Flag(help: "Print the reply as one JSON object: ok, code, message, fields, rows.")
    var json = false

    @Option(help: "Where receipts are saved (default: ~/.gavel/receipts).")
    var receipts: String?

    @Flag(help: "Speak TLS (a server started with --tls-cert/--tls-key); the system's CAs unless --ca-file.")
    var tls = false

    @Option(help: "Trust only the CA certificates in this PEM file; implies --tls.")
    var caFile: String?

    @Argument(parsing: .remaining, help: "The command, e.g. BID @acme 25000; none for an interactive session.")
    var words: [String] = []

    func execute() async -> ExitStatus {
        guard let addresses = SessionOptions.addresses(parsing: host), let address = addresses.first else {
            Console.standard.err("--host wants HOST:PORT (or several, comma-separated), got \(host)")
            return .usage
        }
        var options = SessionOptions(
            address: address,
            token: SessionOptions.token(flag: token, environment: ProcessInfo.processInfo.environment),
            json: json,
            receiptsDirectory: receipts.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? SessionOptions.defaultReceiptsDirectory)
        options.fallbackAddresses = Array(addresses.dropFirst())
        if tls || caFile != nil {
            do {
                options.tls = try GavelTLS(host: address.host, caFile: caFile)
            } catch {
                Console.standard.err("cannot set up TLS with \(caFile ?? "the system's CAs"): \(error)")
                return .usage
            }
        }
        if words.isEmpty {
            let input = LineInput.standard(console: .standard)
            return await InteractiveSession(options: options, console: .standard, input: input).run()
        }
        let commandWords = words == ["verify-ledger"] ? ["LEDGER", "VERIFY"] : words
        return await OneShot.run(words: commandWords, options: options, console: .standard)
    }
}
