import ArgumentParser
import GaveldConfiguration

/// `gaveld pubkey`: prints the receipt public key as PEM, or with `--all` every key the data directory has
/// signed with. Loads the keys, never creates them.
struct Pubkey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the receipt public key as PEM.",
        discussion: """
            With --all: one line per key, oldest first, as PUBKEY lists them: key=<base64 SPKI> from=<t> \
            until=<t> for each retired key, then key=<base64 SPKI> from=<t> for the current one (from=- when \
            its creation time was not recorded).
            """)

    @Option(name: .customLong("config"), help: "Configuration file (default: Config/gaveld.json when present).")
    var configFile: String?

    @Option(help: "The server's data directory (default .gavel).")
    var dataDir: String?

    @Flag(help: "List the keys retired by rotation too, with the times each was in use.")
    var all = false

    func run() async throws {
        var commandLine: [ConfigurationKey: String] = [:]
        commandLine[.dataDir] = dataDir
        let settings = try Console.settings(configFile: configFile, commandLine: commandLine)
        let keys: ReceiptKeyring.Keys
        do {
            keys = try settings.receiptKeyring.load()
        } catch .key(.missing(let path)) {
            throw Console.fail("receipt key \(path) does not exist (gaveld creates it on its first start)")
        } catch {
            throw Console.fail(error.description)
        }
        guard all else {
            let pem = keys.key.publicKey.pemRepresentation
            print(pem, terminator: pem.hasSuffix("\n") ? "" : "\n")
            return
        }
        print(keys.history.text, terminator: "")
        print("key=\(keys.key.publicKey.base64SPKI) from=\(keys.since.map(\.description) ?? "-")")
    }
}
