import Foundation
import GavelTestSupport
import Testing

/// The README's first auction, run as a newcomer would: its `bash walkthrough` blocks, verbatim, from a
/// directory laid out like a clone (`.gavel/` beside `.build/debug/`), against a fresh `gaveld` (new data
/// directory, new database) on 127.0.0.1:7070, twice in a row, so a second run cannot collide with the first.
/// As root it runs in a network namespace of its own, so port 7070 is free whatever else runs here.
@Suite("the README's walkthrough")
struct ReadmeWalkthroughTests {
    /// Starts gaveld in the clone, waits until it says it serves (its `notice` line, once it accepts
    /// connections), runs the walkthrough twice, stops gaveld. gaveld's output is read through a pipe and
    /// goes on to gaveld.log.
    static let harness = """
        set -euo pipefail
        if [ "$(id -u)" = 0 ]; then ip link set lo up; fi
        coproc SERVER { GAVEL_LOG_LEVEL=notice exec "$GAVELD" serve --data-dir .gavel --listen 127.0.0.1:7070 2>&1; }
        gaveld_pid=$SERVER_PID
        exec 4<&"${SERVER[0]}"
        trap 'kill -TERM "$gaveld_pid"; wait "$gaveld_pid" || true; wait' EXIT
        serving=no
        while IFS= read -r line <&4; do
            printf '%s\\n' "$line" >>gaveld.log
            case $line in *"gaveld serving"*) serving=yes; break ;; esac
        done
        [ "$serving" = yes ] || { echo "gaveld exited:"; cat gaveld.log; exit 1; }
        cat <&4 >>gaveld.log &
        for run in 1 2; do
            echo "=== run $run"
            bash -euo pipefail walkthrough.sh
        done
        """

    /// Runs its arguments with no signal blocked. A child inherits its parent thread's signal mask, and the
    /// test process's threads block most signals; `nc -q1` quits by `alarm`, so it would never quit.
    /// (Unblocking them in a thread of the test process instead lets threads spawned from it take signals
    /// meant for others, and breaks unrelated tests.)
    static let withSignalsUnblocked = [
        "python3", "-c",
        "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])",
    ]

    @Test("the walkthrough blocks are found: setup, the nc auction, openssl, close, and the gavel client")
    func extraction() throws {
        let walkthrough = try ReadmeWalkthrough.fromReadme()
        #expect(walkthrough.blocks.count >= 5)
        #expect(walkthrough.blocks.first?.contains(#"cd "$(mktemp -d)""#) == true)
        #expect(walkthrough.blocks.contains { $0.contains("openssl pkeyutl -verify") })
        #expect(walkthrough.blocks.contains { $0.contains("gavel verify-receipt") })
        let sample = ReadmeWalkthrough(markdown: "a\n```\nnot this\n```\n```bash walkthrough\none\ntwo\n```\n")
        #expect(sample.blocks == ["one\ntwo"])
    }

    @Test("runs twice in a row against a fresh gaveld, with the nc client, openssl and the gavel client")
    func runsTwice() async throws {
        // A fresh database in the tests' shared cluster: its Unix socket is reachable from the network
        // namespace, and it spares the run an initdb of its own.
        try await TestDatabase.with(label: "readme_walkthrough") { database in
            try await Self.runTwice(databaseURL: database.connectionString)
        }
    }

    private static func runTwice(databaseURL: String) async throws {
        let clone = NSTemporaryDirectory() + "gavel-readme-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        let binDirectory = GaveldProcess.executable.deletingLastPathComponent().path
        for directory in ["/.build", "/home", "/tmp"] {
            try FileManager.default.createDirectory(atPath: clone + directory, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: clone + "/.build/debug", withDestinationPath: binDirectory)
        try ReadmeWalkthrough.fromReadme().script.write(
            toFile: clone + "/walkthrough.sh", atomically: true, encoding: .utf8)
        try Self.harness.write(toFile: clone + "/harness.sh", atomically: true, encoding: .utf8)

        let asRoot = getuid() == 0
        let command = Self.withSignalsUnblocked + ["bash", "harness.sh"]
        let outcome = try await GaveldProcess.run(
            asRoot ? ["--net"] + command : command, databaseURL: databaseURL,
            environment: ["GAVELD": binDirectory + "/gaveld", "HOME": clone + "/home", "TMPDIR": clone + "/tmp"],
            executable: URL(fileURLWithPath: asRoot ? "/usr/bin/unshare" : "/usr/bin/env"), directory: clone,
            timeoutSeconds: 600)
        let log = (try? String(contentsOfFile: clone + "/gaveld.log", encoding: .utf8)) ?? ""
        let context = Comment(
            rawValue: "stdout:\n\(outcome.stdout)\nstderr:\n\(outcome.stderr)\ngaveld.log:\n\(log)"
                + (asRoot ? "" : "\n(not root: this ran on the host's 127.0.0.1:7070, which must be free)"))
        #expect(outcome.exitedNormally && outcome.status == 0, context)
        #expect(outcome.stdout.contains("=== run 2"), context)
        #expect(Self.count("Signature Verified Successfully", in: outcome.stdout) == 2, context)
        #expect(Self.count("valid seq=", in: outcome.stdout) == 2, context)
        // Each run closes two rounds, one through nc and one through gavel, each sold to its one bidder.
        #expect(Self.count(" result=sold bids=1 ", in: outcome.stdout) == 4, context)
        #expect(!outcome.stdout.contains("ERR ") && !outcome.stderr.contains("ERR "), context)
    }

    private static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
