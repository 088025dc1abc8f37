import ArgumentParser
import Foundation
import GavelCLI

/// `gavel`: dispatches on the first word, since command words and the `verify-receipt` subcommand share
/// the first position: `verify-receipt` checks a receipt file, anything else talks to a server.
@main
enum GavelMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let status: ExitStatus
        if arguments.first == "verify-receipt" {
            let command = parse(VerifyReceiptCommand.self, Array(arguments.dropFirst()))
            status = ReceiptFileCheck.run(file: command.file, keyFile: command.key, console: .standard)
        } else {
            status = await parse(GavelCommand.self, arguments).execute()
        }
        exit(status.rawValue)
    }

    /// Parses the arguments, or prints the usage error (or help) and exits: 2 for an error, 0 for `--help`.
    private static func parse<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) -> C {
        do {
            return try C.parse(arguments)
        } catch {
            let code = C.exitCode(for: error)
            let message = C.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            Console.standard.err(message)
            exit(ExitStatus.usage.rawValue)
        }
    }
}
