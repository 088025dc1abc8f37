import ArgumentParser
import Foundation
import GavelServer
import GaveldConfiguration

/// `gaveld rotate-key`: retires the receipt key into the history and generates a new one, with gaveld stopped.
/// Exits 0 after printing the new public key as PEM, 1 when it refused and changed nothing, 2 when it
/// stopped half way (running it again finishes the rotation).
struct RotateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Replace the receipt key; the old public key stays in the history PUBKEY lists.",
        discussion: """
            Run it while gaveld is stopped. The old private key is deleted; its public key goes to \
            <data dir>/receipt-key-history with the times it was in use. Prints the new public key as PEM. \
            Exit status: 0 rotated, 1 refused (nothing changed), 2 stopped half way (run it again).
            """)

    static let refused: Int32 = 1
    static let interrupted: Int32 = 2

    @Option(name: .customLong("config"), help: "Configuration file (default: Config/gaveld.json when present).")
    var configFile: String?

    @Option(help: "The server's data directory (default .gavel).")
    var dataDir: String?

    func run() async throws {
        var commandLine: [ConfigurationKey: String] = [:]
        commandLine[.dataDir] = dataDir
        let settings = try Console.settings(configFile: configFile, commandLine: commandLine)
        guard FileManager.default.fileExists(atPath: settings.dataDirectory) else {
            throw Console.fail(
                "data directory \(settings.dataDirectory) does not exist (gaveld creates it on its first start)",
                exitCode: Self.refused)
        }
        let lock: DataDirectoryLock
        do {
            lock = try DataDirectoryLock(
                directory: settings.dataDirectory, whenBusy: "; stop it before rotating its receipt key")
        } catch {
            throw Console.fail(error.description, exitCode: Self.refused)
        }
        let rotation: ReceiptKeyring.Rotation
        do {
            rotation = try settings.receiptKeyring.rotate(now: SystemClock().now())
        } catch .key(.missing(let path)) {
            throw Console.fail("receipt key \(path) does not exist (gaveld creates it on its first start)")
        } catch {
            if case .rotationInterrupted = error { throw Console.fail(error.description, exitCode: Self.interrupted) }
            throw Console.fail(error.description, exitCode: Self.refused)
        }
        // Held until the key is replaced: a gaveld starting meanwhile must not load a half-rotated key.
        withExtendedLifetime(lock) {}
        let retired = rotation.retired
        Console.note(
            (rotation.resumed ? "finished an interrupted rotation: " : "")
                + "retired key=\(retired.keyBase64) from=\(retired.from) until=\(retired.until)")
        let pem = rotation.key.publicKey.pemRepresentation
        print(pem, terminator: pem.hasSuffix("\n") ? "" : "\n")
    }
}
