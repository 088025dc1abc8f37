import Foundation
import GavelCLI
import GavelTestSupport
import Testing

/// The `gavel`, `gaveld` and `gavel-load` executables as a newcomer meets them: their messages, `--version`
/// and `--help`.
@Suite("gavel, gaveld and gavel-load on the command line")
struct CommandLineTests {
    @Test("no server at the address: one plain line that says so and asks whether gaveld runs there")
    func connectionRefused() async {
        let output = CapturedConsole()
        let nowhere = SessionOptions(address: ServerAddress(host: "127.0.0.1", port: 1))
        #expect(await OneShot.run(words: ["PING"], options: nowhere, console: output.console) == .usage)
        #expect(output.err == ["gavel: cannot connect to 127.0.0.1:1 (connection refused): is gaveld running there?"])
    }

    @Test("no route to the network, and a host name that does not resolve (in a network namespace of its own)")
    func unreachableAndUnresolved() async throws {
        // A new namespace's loopback is down, so even 127.0.0.1 has no route: no packet leaves it.
        let unreachable = try await Self.inNetworkNamespace(["--host", "127.0.0.1:7070", "PING"])
        #expect(unreachable.status == 2)
        #expect(
            unreachable.stderrLines
                == ["gavel: cannot connect to 127.0.0.1:7070 (network unreachable): is gaveld running there?"])
        let unresolved = try await Self.inNetworkNamespace(["--host", "gaveld.invalid:7070", "PING"])
        #expect(unresolved.status == 2)
        #expect(
            unresolved.stderrLines
                == ["gavel: cannot connect to gaveld.invalid:7070 (host name not found): is the host name right?"])
    }

    @Test("a command that needs a token, sent without one, names --token and GAVEL_TOKEN")
    func authRequiredHint() async throws {
        try await TestServer.with { server in
            let bid = await server.run(["BID", "@acme", "25000"])
            #expect(bid.status == .serverError)
            #expect(bid.output.err.first?.hasPrefix("ERR AUTH_REQUIRED") == true)
            #expect(bid.output.err.last == "gavel: this command needs a token: give --token <token> or set GAVEL_TOKEN")
            #expect(bid.output.err.last == OneShot.authHint)
        }
    }

    @Test("options parse after the command words too")
    func optionsAfterWords() async throws {
        try await TestServer.with { server in
            let outcome = try await Self.run(
                "gavel", ["PING", "--host", "127.0.0.1:\(server.port)", "--json", "--receipts", server.receipts.path])
            #expect(outcome.status == 0)
            #expect(outcome.stdout.hasPrefix("{") && outcome.stdout.contains(#""ok":true"#))
        }
    }

    @Test("a token that starts with - is taken as the token (one in 64 random tokens does)")
    func tokenStartingWithDash() async throws {
        try await TestServer.with { server in
            let outcome = try await Self.run(
                "gavel",
                [
                    "--host", "127.0.0.1:\(server.port)", "--receipts", server.receipts.path, "--token", "-not-a-token",
                    "PING",
                ])
            #expect(outcome.status == 1, "the server refused the token, not the parser: \(outcome.stderr)")
            #expect(outcome.stderr.contains("AUTH_FAILED"))
        }
    }

    @Test("gavel --version and gaveld --version print the release")
    func version() async throws {
        for program in ["gavel", "gaveld"] {
            let outcome = try await Self.run(program, ["--version"])
            #expect(outcome.status == 0)
            #expect(outcome.stdout == "0.1.0\n", "\(program) --version")
        }
    }

    @Test("gaveld --help shows serve's options, since serve is what a bare gaveld runs")
    func gaveldHelp() async throws {
        let outcome = try await Self.run("gaveld", ["--help"])
        #expect(outcome.status == 0)
        for option in ["--listen", "--database", "--data-dir", "--tls-cert", "--metrics", "SUBCOMMANDS:"] {
            #expect(outcome.stdout.contains(option), "gaveld --help names \(option)")
        }
    }

    @Test("every --help reads as prose: no run of spaces inside a sentence")
    func helpSpacing() async throws {
        let helps: [(String, [String])] = [
            ("gavel", ["--help"]), ("gavel", ["verify-receipt", "--help"]), ("gaveld", ["--help"]),
            ("gaveld", ["serve", "--help"]), ("gaveld", ["pubkey", "--help"]), ("gaveld", ["rotate-key", "--help"]),
            ("gaveld", ["verify-ledger", "--help"]), ("gavel-load", ["--help"]),
        ]
        for (program, arguments) in helps {
            let outcome = try await Self.run(program, arguments)
            let command = ([program] + arguments).joined(separator: " ")
            #expect(outcome.status == 0, "\(command)")
            #expect(!outcome.stdout.isEmpty, "\(command)")
            #expect(Self.strayRuns(outcome.stdout).isEmpty, "\(command): \(Self.strayRuns(outcome.stdout))")
        }
        #expect(Self.strayRuns("the key             that verified\nok line\n") == ["the key             that verified"])
        #expect(Self.strayRuns("  --a <a>     One.\n  --bb        Two.\n").isEmpty)
        #expect(Self.strayRuns("  --a <a>     One line\n              and its wrap.\n").isEmpty)
    }

    /// Lines with a run of two or more spaces inside the text whose end lines up with nothing on any other
    /// line: neither such a run (a column of options or subcommands) nor an indentation (wrapped help).
    static func strayRuns(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let runs = lines.map(innerRunEnds)
        let indents = lines.map { line in line.prefix { $0 == " " }.count }
        return lines.indices.filter { index in
            runs[index].contains { column in
                !lines.indices.contains { other in
                    other != index && (runs[other].contains(column) || indents[other] == column)
                }
            }
        }.map { lines[$0] }
    }

    /// Where each run of two or more spaces after the line's indentation ends (the column of the next text).
    private static func innerRunEnds(_ line: String) -> Set<Int> {
        let characters = Array(line)
        guard let start = characters.firstIndex(where: { $0 != " " }) else { return [] }
        var ends: Set<Int> = []
        var index = start
        while index < characters.count {
            guard characters[index] == " " else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end] == " " { end += 1 }
            if end - index >= 2, end < characters.count { ends.insert(end) }
            index = end
        }
        return ends
    }

    /// Runs one of the package's executables to its exit, without GAVEL_ variables from the test's environment.
    static func run(_ program: String, _ arguments: [String]) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(
            ChildProcess.buildDirectory.appendingPathComponent(program), arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GAVEL_") },
            timeoutSeconds: 60)
    }

    /// `gavel <arguments>` in a new network namespace: no route anywhere, no name server, loopback down.
    static func inNetworkNamespace(_ arguments: [String]) async throws -> ChildProcess.Outcome {
        let gavel = ChildProcess.buildDirectory.appendingPathComponent("gavel").path
        return try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/unshare"),
            (getuid() == 0 ? ["--net"] : ["--map-root-user", "--net"]) + [gavel] + arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GAVEL_") },
            timeoutSeconds: 60)
    }
}
