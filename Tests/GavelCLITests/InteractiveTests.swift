import Foundation
import GavelCLI
import Synchronization
import Testing

@Suite("gavel interactive session against an in-process server")
struct InteractiveTests {
    /// Typed lines, handed out one per `readLine`; `nil` once they run out (end of input).
    final class TypedLines: Sendable {
        private let lines: Mutex<[String]>

        init(_ lines: [String]) {
            self.lines = Mutex(lines)
        }

        func next() -> String? {
            lines.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        }
    }

    @Test(
        "prompts, sends each line, prints replies and events, help sends HELP, a bad line stays local",
        .timeLimit(.minutes(1)))
    func session() async throws {
        try await TestServer.with { server in
            let output = CapturedConsole()
            let typed = TypedLines(["WATCH @acme", "OPEN @acme reserve=10000 duration=1h", "help", "FROB", "", "PING"])
            let prompts = Mutex(0)
            let (opened, openedShown) = AsyncStream.makeStream(of: Void.self)
            let input = LineInput(
                readLine: { prompt in
                    #expect(prompt == "gavel> ")
                    prompts.withLock { $0 += 1 }
                    if let line = typed.next() { return line }
                    // Before ending the input, wait for the OPENED event to be shown.
                    for await _ in opened { break }
                    return nil
                },
                showEvent: { line in
                    output.console.out(line)
                    if line.hasPrefix("* OPENED ") { openedShown.yield() }
                })
            let session = InteractiveSession(
                options: server.options(token: TestServer.adminToken), console: output.console, input: input)
            #expect(await session.run() == .ok)
            #expect(prompts.withLock { $0 } == 7)
            #expect(output.out.contains("OK watching=@acme"))
            #expect(output.out.contains { $0.hasPrefix("OK round=") })
            #expect(output.out.contains { $0.hasPrefix("= OPEN ") })
            #expect(output.out.contains { $0.hasPrefix("OK count=") })
            #expect(output.out.contains("OK pong"))
            #expect(output.out.contains { $0.hasPrefix("* OPENED ") })
            #expect(output.err.contains { $0.hasPrefix("ERR UNKNOWN_COMMAND") })
        }
    }

    @Test("quit ends the session without sending anything more")
    func quit() async throws {
        try await TestServer.with { server in
            let output = CapturedConsole()
            let typed = TypedLines(["quit", "PING"])
            let input = LineInput(readLine: { _ in typed.next() }, showEvent: output.console.out)
            let session = InteractiveSession(options: server.options(), console: output.console, input: input)
            #expect(await session.run() == .ok)
            #expect(!output.out.contains("OK pong"))
        }
    }
}
