import Foundation
import GavelTestSupport

/// The README's walkthrough: its fenced blocks whose info string is `bash walkthrough`, in order, as one
/// script. Other blocks (sample output, commands for another terminal) are not part of it.
struct ReadmeWalkthrough {
    static let infoString = "```bash walkthrough"

    let blocks: [String]

    init(markdown: String) {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if var lines = current {
                if line.hasPrefix("```") {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            } else if line.trimmingCharacters(in: .whitespaces) == Self.infoString {
                current = []
            }
        }
        self.blocks = blocks
    }

    /// `README.md` at the package root.
    static func fromReadme() throws -> ReadmeWalkthrough {
        ReadmeWalkthrough(markdown: try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8))
    }

    var script: String { blocks.joined(separator: "\n") + "\n" }
}
