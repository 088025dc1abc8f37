import Foundation
import Testing

@testable import GaveldConfiguration

@Suite("gaveld configuration: unknown keys and bad values are start-up errors")
struct ConfigurationErrorTests {
    @Test(
        "an unknown key in the file is refused, nested ones too",
        arguments: [
            (#"{"max_lines": 4096}"#, "max_lines", "max_line"),
            (#"{"lissen": "127.0.0.1:7070"}"#, "lissen", "listen"),
            (#"{"tls": {"cert": "a.pem"}}"#, "tls", nil),
            (#"{"discounts": {"handle_tier": []}}"#, "discounts.handle_tier", "discounts.handle_tiers"),
            (#"{"discounts.handle_tiers": []}"#, "discounts.handle_tiers", nil),
            (
                #"{"discounts": {"handle_tiers": [{"min_handles": 2, "percent": "5", "max_handles": 4}]}}"#,
                "discounts.handle_tiers[0].max_handles", nil
            ),
        ] as [(String, String, String?)])
    func unknownKey(json: String, key: String, suggestion: String?) throws {
        let path = try Fixtures.file(json)
        let expected = ConfigurationError.unknownKey(path: path, key: key, suggestion: suggestion)
        #expect(throws: expected) { try GaveldSettings.resolve(file: .required(path)) }
    }

    @Test(
        "a value of the wrong JSON type is refused",
        arguments: [
            (#"{"max_line": "4096"}"#, "max_line"),
            (#"{"max_line": 4096.5}"#, "max_line"),
            (#"{"max_line": true}"#, "max_line"),
            (#"{"listen": 7070}"#, "listen"),
            (#"{"min_reserve": 10000}"#, "min_reserve"),
            (#"{"min_reserve": 10000.5}"#, "min_reserve"),
            (#"{"discounts": []}"#, "discounts"),
            (#"{"discounts": {"handle_tiers": "2:5"}}"#, "discounts.handle_tiers"),
            (
                #"{"discounts": {"handle_tiers": [{"min_handles": 2, "percent": 5}]}}"#,
                "discounts.handle_tiers[0].percent"
            ),
            (#"{"discounts": {"handle_tiers": [{"percent": "5"}]}}"#, "discounts.handle_tiers[0].min_handles"),
            (
                #"{"discounts": {"value_tiers": [{"min_subtotal": 1000000, "percent": "7.5"}]}}"#,
                "discounts.value_tiers[0].min_subtotal"
            ),
        ])
    func wrongType(json: String, key: String) throws {
        let path = try Fixtures.file(json)
        #expect {
            try GaveldSettings.resolve(file: .required(path))
        } throws: { error in
            guard case .wrongType(path, key, _)? = error as? ConfigurationError else { return false }
            return true
        }
    }

    @Test("a file that is not JSON, or not an object, is refused")
    func notJSON() throws {
        let broken = try Fixtures.file(#"{"max_line": 4096,"#)
        #expect(throws: ConfigurationError.fileNotJSON(path: broken, reason: "check its commas, quotes and braces")) {
            try GaveldSettings.resolve(file: .required(broken))
        }
        let list = try Fixtures.file("[1, 2]")
        #expect(throws: ConfigurationError.wrongType(path: list, key: "(top level)", expected: "an object of settings"))
        {
            try GaveldSettings.resolve(file: .required(list))
        }
    }

    @Test(
        "a bad value from the environment names the key and the variable",
        arguments: [
            ("GAVEL_MAX_LINE", "abc", ConfigurationKey.maxLine),
            ("GAVEL_MAX_LINE", "-1", .maxLine),
            ("GAVEL_MAX_LINE", " 4096", .maxLine),
            ("GAVEL_MAX_LINE", "10", .maxLine),
            ("GAVEL_MAX_CONNECTIONS", "0", .maxConnections),
            ("GAVEL_AUTH_TIMEOUT_MS", "1e4", .authTimeoutMs),
            ("GAVEL_EVENT_LOOP_THREADS", "0", .eventLoopThreads),
            ("GAVEL_LISTEN", "7070", .listen),
            ("GAVEL_LISTEN", "localhost:70000", .listen),
            ("GAVEL_LISTEN", ":7070", .listen),
            ("GAVEL_LISTEN", "::1:7070", .listen),
            ("GAVEL_MIN_RESERVE", "10,000.00", .minReserve),
            ("GAVEL_MIN_RESERVE", "-5.00", .minReserve),
            ("GAVEL_MAX_BID", "2000000000.00", .maxBid),
            ("GAVEL_MAX_BID", "1.005", .maxBid),
            ("GAVEL_DISCOUNTS_HANDLE_TIERS", "2:5,5", .handleTiers),
            ("GAVEL_DISCOUNTS_HANDLE_TIERS", "0:5", .handleTiers),
            ("GAVEL_DISCOUNTS_HANDLE_TIERS", "2:101", .handleTiers),
            ("GAVEL_DISCOUNTS_HANDLE_TIERS", "2:7.555", .handleTiers),
            ("GAVEL_DISCOUNTS_VALUE_TIERS", "0:7.5", .valueTiers),
            ("GAVEL_TRANSFER_DUE_HOURS", "0", .transferDueHours),
            ("GAVEL_LOG_LEVEL", "verbose", .logLevel),
            ("GAVEL_DATA_DIR", "", .dataDir),
        ])
    func badEnvironmentValue(variable: String, text: String, key: ConfigurationKey) throws {
        #expect {
            try GaveldSettings.resolve(environment: [variable: text])
        } throws: { error in
            guard case .badValue(let badKey, let source, let reason)? = error as? ConfigurationError else {
                return false
            }
            return badKey == key.rawValue && source == .environment(variable: variable) && !reason.isEmpty
        }
    }

    @Test("a bad value names the layer it came from, not a layer below it")
    func badValueSource() throws {
        let file = try Fixtures.file(#"{"listen": "nowhere", "max_line": 1}"#)
        let fromFile = ConfigurationError.badValue(
            key: "listen", source: .file(path: file),
            reason: #""nowhere" is not HOST:PORT (for example 127.0.0.1:7070)"#)
        #expect(throws: fromFile) { try GaveldSettings.resolve(file: .required(file)) }
        let fromFlag = ConfigurationError.badValue(
            key: "listen", source: .commandLine(flag: "--listen"), reason: #""host:port" has no port from 0 to 65535"#)
        #expect(throws: fromFlag) {
            try GaveldSettings.resolve(
                commandLine: [.listen: "host:port"], environment: ["GAVEL_LISTEN": "127.0.0.1:1"], file: .required(file)
            )
        }
        // A good value above a bad one hides it: only the value in force is checked.
        let hidden = try GaveldSettings.resolve(
            environment: ["GAVEL_LISTEN": "127.0.0.1:1", "GAVEL_MAX_LINE": "4096"], file: .required(file))
        #expect(hidden.server.port == 1)
    }

    @Test("min_reserve above max_bid is refused")
    func reserveAboveMaximum() {
        let environment = ["GAVEL_MIN_RESERVE": "500.00", "GAVEL_MAX_BID": "100.00"]
        #expect(throws: ConfigurationError.inconsistent("min_reserve 500.00 is above max_bid 100.00")) {
            try GaveldSettings.resolve(environment: environment)
        }
    }

    @Test("a bad GAVEL_ADMIN_TOKEN is refused without echoing it")
    func badAdminToken() {
        for token in ["", "two words", "tab\there", String(repeating: "x", count: 257)] {
            #expect {
                try GaveldSettings.resolve(environment: ["GAVEL_ADMIN_TOKEN": token])
            } throws: { error in
                guard let error = error as? ConfigurationError, case .badValue("admin_token", _, _) = error else {
                    return false
                }
                return token.isEmpty || !error.description.contains(token)
            }
        }
    }

    @Test("each error is one line that names the key")
    func oneLineMessages() {
        let errors: [ConfigurationError] = [
            .unknownKey(path: "Config/gaveld.json", key: "max_lines", suggestion: "max_line"),
            .wrongType(path: "Config/gaveld.json", key: "max_line", expected: "a whole number"),
            .badValue(
                key: "max_line", source: .environment(variable: "GAVEL_MAX_LINE"),
                reason: #""abc" is not a whole number"#),
            .fileUnreadable(path: "x.json", reason: "No such file or directory"),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
        }
        #expect(
            errors[2].description
                == #"bad max_line from environment variable GAVEL_MAX_LINE: "abc" is not a whole number"#)
        #expect(
            errors[0].description
                == #"configuration file Config/gaveld.json: unknown key "max_lines" (did you mean "max_line"?)"#)
    }
}
