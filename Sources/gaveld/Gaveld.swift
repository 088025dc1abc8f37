import ArgumentParser
import GavelCore

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
        version: GavelVersion.current,
        subcommands: [Serve.self, Pubkey.self, RotateKey.self, VerifyLedger.self],
        defaultSubcommand: Serve.self
    )

    /// `gaveld --help` also shows `serve`'s options: `serve` is what a bare `gaveld` runs, so its flags
    /// are the ones people look for first.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
            print(helpMessage())
            print("")
            print("`gaveld` alone runs `gaveld serve`:")
            print("")
            print(helpMessage(for: Serve.self))
            return
        }
        await main(nil)
    }
}
