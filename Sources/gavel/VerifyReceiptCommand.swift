import ArgumentParser

/// `gavel verify-receipt FILE [--key PEM]`.
struct VerifyReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel verify-receipt",
        abstract: "Check a saved receipt offline: its hash, its path in the commit's tree, and the tree's signature.",
        discussion: """
            Without --key it tries every key saved beside FILE (key.pem and keys/*.pem), so receipts from \
            before a key rotation still verify. Prints valid seq=<n> kind=<k> tree=<first>-<last> \
            key=<fingerprint of the key that verified> and exits 0, or names what failed (the hash, the \
            path, a tree that does not hold the seq, the signature) and exits 1.
            """)

    @Argument(help: "A receipt file, as gavel saves it (with or without the leading OK).")
    var file: String

    @Option(help: "The server's public key as PEM (default: each key saved beside FILE).")
    var key: String?
}
