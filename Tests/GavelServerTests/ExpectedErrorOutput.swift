import Foundation
import Synchronization

/// A pipe for the standard error of a server a fault test breaks on purpose: each line it writes goes on
/// to the test run's standard error marked as expected, so the `error` lines of a killed PostgreSQL or a
/// commit in doubt do not read like failures of the run.
final class ExpectedErrorOutput: Sendable {
    static let marker = "[expected, from a server this test breaks] "

    let pipe = Pipe()
    private let partialLine = Mutex<[UInt8]>([])

    init() {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            self.forward(data)
        }
    }

    /// Writes the complete lines received so far, marked; keeps a partial last line for the next read.
    private func forward(_ data: Data) {
        let lines = partialLine.withLock { partial in
            partial.append(contentsOf: data)
            guard let lastNewline = partial.lastIndex(of: UInt8(ascii: "\n")) else { return [ArraySlice<UInt8>]() }
            let complete = partial[...lastNewline]
            partial = Array(partial[(lastNewline + 1)...])
            return complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        }
        guard !lines.isEmpty else { return }
        let text = lines.map { Self.marker + String(decoding: $0, as: UTF8.self) + "\n" }.joined()
        FileHandle.standardError.write(Data(text.utf8))
    }
}
