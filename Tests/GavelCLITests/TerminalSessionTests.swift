import Foundation
import GavelCLI
import GavelTestSupport
import Testing

/// `gavel`'s interactive session on a pseudo-terminal, driven by keystrokes: libedit's line editing, the
/// prompt redrawn after an event, and the history kept in `~/.gavel/history`.
@Suite("gavel interactive session on a terminal")
struct TerminalSessionTests {
    @Test("an event prints above the prompt, which is redrawn with what was typed; the up arrow recalls history")
    func promptAndHistory() async throws {
        let home = NSTemporaryDirectory() + "gavel-terminal-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        try await TestServer.with { server in
            let terminal = try Self.gavel(server, home: home)
            #expect(await terminal.waitUntil { $0.hasSuffix("gavel> ") })
            terminal.type("WATCH @acme\r")
            #expect(await terminal.waitUntil { $0.contains("OK watching=@acme\ngavel> ") })
            terminal.type("AUTH not-a-real-token\r")
            #expect(await terminal.waitUntil { $0.contains("ERR FORBIDDEN") })

            // Half a line typed, then an event: it goes above, and the prompt comes back with "PI".
            terminal.type("PI")
            #expect(await terminal.waitUntil { $0.hasSuffix("gavel> PI") })
            let opened = await server.run(
                ["OPEN", "@acme", "reserve=10000", "duration=1h"], token: TestServer.adminToken)
            #expect(opened.status == .ok)
            #expect(await terminal.waitUntil { Self.after("* OPENED ", in: $0).contains("\ngavel> PI") })
            terminal.type("NG\r")
            #expect(await terminal.waitUntil { $0.contains("OK pong") })

            // The up arrow brings back PING; Enter sends it again.
            terminal.type("\u{1B}[A")
            #expect(await terminal.waitUntil { Self.after("OK pong", in: $0).hasSuffix("gavel> PING") })
            terminal.type("\r")
            #expect(await terminal.waitUntil { $0.components(separatedBy: "OK pong").count == 3 })
            terminal.type("\u{4}")
            #expect(await terminal.waitForExit() == 0)
        }
        let history = try String(contentsOfFile: home + "/.gavel/history", encoding: .utf8)
        #expect(history.contains("PING") && history.contains("WATCH"))
        #expect(!history.contains("not-a-real-token"), "AUTH lines stay out of the history")
        let mode = try FileManager.default.attributesOfItem(atPath: home + "/.gavel/history")[.posixPermissions]
        #expect(mode as? Int == 0o600)

        // A new session starts with that history: the up arrow recalls the last PING.
        try await TestServer.with { server in
            let terminal = try Self.gavel(server, home: home)
            #expect(await terminal.waitUntil { $0.hasSuffix("gavel> ") })
            terminal.type("\u{1B}[A\r")
            #expect(await terminal.waitUntil { $0.contains("OK pong") })
            terminal.type("quit\r")
            #expect(await terminal.waitForExit() == 0)
        }
    }

    @Test("ERR AUTH_REQUIRED in a session says how to give a token")
    func authHint() async throws {
        let home = NSTemporaryDirectory() + "gavel-terminal-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        try await TestServer.with { server in
            let terminal = try Self.gavel(server, home: home, token: nil)
            #expect(await terminal.waitUntil { $0.hasSuffix("gavel> ") })
            terminal.type("BID @acme 25000\r")
            #expect(await terminal.waitUntil { $0.contains(InteractiveSession.authHint) })
            #expect(
                InteractiveSession.authHint
                    == "gavel: this command needs a token: type AUTH <token>, or start gavel with --token or GAVEL_TOKEN"
            )
            terminal.type("quit\r")
            #expect(await terminal.waitForExit() == 0)
        }
    }

    /// `gavel` against the test server, as the auctioneer unless `token` says otherwise, with `home` as HOME.
    static func gavel(_ server: TestServer, home: String, token: String? = TestServer.adminToken) throws
        -> PseudoTerminal
    {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GAVEL_") }
        environment["HOME"] = home
        environment["TERM"] = "xterm"
        let arguments =
            ["--host", "127.0.0.1:\(server.port)", "--receipts", server.receipts.path]
            + (token.map { ["--token", $0] } ?? [])
        return try PseudoTerminal(
            ChildProcess.buildDirectory.appendingPathComponent("gavel"), arguments, environment: environment)
    }

    /// The text after the last `marker`, or "" when there is none.
    static func after(_ marker: String, in text: String) -> String {
        guard let range = text.range(of: marker, options: .backwards) else { return "" }
        return String(text[range.upperBound...])
    }
}
