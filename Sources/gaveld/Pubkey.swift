import ArgumentParser
import GavelCrypto
import GaveldConfiguration

/// `gaveld pubkey`: prints the receipt public key as PEM. Loads the key, never creates it.
struct Pubkey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the receipt public key as PEM.")

    @Option(name: .customLong("config"), help: "Configuration file (default: Config/gaveld.json when present).")
    var configFile: String?

    @Option(help: "The server's data directory (default .gavel).")
    var dataDir: String?

    func run() async throws {
        var commandLine: [ConfigurationKey: String] = [:]
        commandLine[.dataDir] = dataDir
        let settings = try Console.settings(configFile: configFile, commandLine: commandLine)
        let key: Ed25519PrivateKey
        do {
            key = try ReceiptKeyFile.load(path: settings.receiptKeyPath)
        } catch .missing(let path) {
            throw Console.fail("receipt key \(path) does not exist (gaveld creates it on its first start)")
        } catch {
            throw Console.fail(error.description)
        }
        let pem = key.publicKey.pemRepresentation
        print(pem, terminator: pem.hasSuffix("\n") ? "" : "\n")
    }
}
