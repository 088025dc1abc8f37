import ArgumentParser

/// `gavel verify-receipt FILE [--key PEM]`.
struct VerifyReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel verify-receipt",
        abstract: "Check a saved receipt offline: its signature, hash and field order.",
        discussion: """
            Without --key it tries every key saved beside FILE (key.pem and keys/*.pem), so receipts from \
            before a key rotation still verify. Prints valid seq=<n> kind=<k> key=<fingerprint of the key \
            that verified> and exits 0, or why not and exits 1.
            """)

    @Argument(help: "A receipt file, as gavel saves it (with or without the leading OK).")
    var file: String

    @Option(help: "The server's public key as PEM (default: each key saved beside FILE).")
    var key: String?
}
