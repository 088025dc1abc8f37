import Foundation

/// Where the CLI writes: standard output for replies, standard error for diagnostics. Tests capture both.
public struct Console: Sendable {
    /// Writes one line (a LF is added) to the output.
    public let out: @Sendable (String) -> Void
    /// Writes one line (a LF is added) to the diagnostics.
    public let err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's standard output and standard error.
    public static let standard = Console(
        out: { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        },
        err: { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        })
}
