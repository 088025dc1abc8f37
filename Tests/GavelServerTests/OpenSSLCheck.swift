import Foundation

/// Runs the README's shell recipe for checking a receipt (PROTOCOL.md's, after a line that reads the key
/// from the greeting), taken from the README's walkthrough as it stands so the two cannot drift apart.
enum OpenSSLCheck {
    struct Outcome {
        let status: Int32
        let output: String
    }

    /// The walkthrough block of README.md that computes with `sha256sum` and verifies with `openssl pkeyutl`.
    static func readmeRecipe() throws -> String {
        let recipes = try ReadmeWalkthrough.fromReadme().blocks
            .filter { $0.contains("sha256sum") && $0.contains("openssl pkeyutl -verify") }
        guard recipes.count == 1, let recipe = recipes.first else {
            throw RecipeNotFound(count: recipes.count)
        }
        return recipe
    }

    struct RecipeNotFound: Error {
        /// How many fenced blocks looked like the recipe (one is expected).
        let count: Int
    }

    /// Writes the session's lines as `bid.txt` (the greeting first, the receipt after) and runs the recipe
    /// in bash with only /usr/bin and /bin on the PATH.
    static func verify(session lines: [String]) throws -> Outcome {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-openssl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try (lines.joined(separator: "\n") + "\n").write(
            to: work.appendingPathComponent("bid.txt"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -e\n" + (try readmeRecipe())]
        process.currentDirectoryURL = work
        process.environment = ["PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: text)
    }
}
