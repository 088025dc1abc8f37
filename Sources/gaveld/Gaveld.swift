import ArgumentParser
import GavelServer

/// `gaveld`: the auction server (`serve`, the default), its receipt key (`pubkey`, `rotate-key`) and the
/// ledger audit (`verify-ledger`).
@main
struct Gaveld: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaveld",
        abstract: "Gavel's sealed-bid auction server.",
        discussion: """
            Settings come from flags, then environment variables, then the configuration file \
            (Config/gaveld.json when present, or --config FILE), then built-in defaults. \
            Config/README.md lists every key.
            """,
        version: ServerConfiguration().serverVersion,
        subcommands: [Serve.self, Pubkey.self, RotateKey.self, VerifyLedger.self],
        defaultSubcommand: Serve.self
    )
}
