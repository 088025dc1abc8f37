import Foundation
import GavelCore
import GavelServerConfiguration
import Testing

@testable import GaveldConfiguration

@Suite("gaveld configuration: defaults and precedence")
struct ConfigurationPrecedenceTests {
    @Test("with nothing set, the defaults are the protocol's")
    func defaultsAreTheProtocols() throws {
        let settings = try GaveldSettings.resolve()
        #expect(settings.server.host == "127.0.0.1")
        #expect(settings.server.port == 7070)
        #expect(settings.server.maxLineBytes == 4096)
        #expect(settings.server.maxConnections == 10_000)
        #expect(settings.server.authTimeoutMs == 10_000)
        #expect(settings.server.idleTimeoutMs == 600_000)
        #expect(settings.server.maxCommandsPerSecond == 10_000)
        #expect(settings.server.maxPipelinedCommands == 1_000)
        #expect(settings.server.maxConnectionsPerIP >= 1_000, "PROTOCOL.md: at least 1,000 from one IP")
        #expect(settings.server.lineTimeoutMs == 10_000)
        #expect(settings.server.maxOutputBufferBytes == 1_048_576)
        #expect(settings.server.slowReaderTimeoutMs == 30_000)
        #expect(settings.server.maxUnauthenticatedConnections == 1_000)
        #expect(settings.server.maxUnauthenticatedConnectionsPerIP == 100)
        #expect(settings.server.fairBatch == 64)
        #expect(settings.server.maxWatches == 1_000)
        #expect(settings.tlsCertificatePath == nil)
        #expect(settings.tlsKeyPath == nil)
        #expect(settings.databaseURL == nil)
        #expect(settings.server.metricsListen == nil, "metrics are off by default")
        #expect(settings.dataDirectory == ".gavel")
        #expect(settings.logLevel == .info)
        #expect(settings.adminToken == nil)
        #expect(settings.configurationFile == nil)
        let auction = settings.server.auction
        #expect(auction.minReserve == Money(cents: 1_000_000))
        #expect(auction.maxBid == Money(cents: 100_000_000_000))
        #expect(auction.transferDueMilliseconds == 48 * 3_600_000)
        let small = Money(cents: 100)
        #expect(auction.discounts.basisPoints(handles: 1, subtotal: small) == 0)
        #expect(auction.discounts.basisPoints(handles: 2, subtotal: small) == 500)
        #expect(auction.discounts.basisPoints(handles: 4, subtotal: small) == 500)
        #expect(auction.discounts.basisPoints(handles: 5, subtotal: small) == 1_000)
        #expect(auction.discounts.basisPoints(handles: 9, subtotal: small) == 1_000)
        #expect(auction.discounts.basisPoints(handles: 10, subtotal: small) == 1_500)
        #expect(auction.discounts.basisPoints(handles: 1, subtotal: Money(cents: 99_999_999)) == 0)
        #expect(auction.discounts.basisPoints(handles: 1, subtotal: Money(cents: 100_000_000)) == 750)
        #expect(auction.discounts == .standard)
    }

    @Test("Config/gaveld.json in the repository sets every key to its default")
    func repositoryFileHoldsTheDefaults() throws {
        let path = Fixtures.repositoryConfigFile
        var fromFile = try GaveldSettings.resolve(file: .required(path))
        #expect(fromFile.configurationFile == path)
        fromFile.configurationFile = nil
        #expect(fromFile == (try GaveldSettings.resolve()))
        let keys = Set(try ConfigurationFile.values(path: path).keys)
        #expect(
            keys == Set(ConfigurationKey.allCases).subtracting([.databaseURL, .tlsCert, .tlsKey, .metricsListen]),
            "database_url, tls_cert, tls_key and metrics_listen are null")
    }

    @Test("a flag beats the environment, which beats the file, which beats the default")
    func precedence() throws {
        let file = try Fixtures.file(
            """
            {"listen": "10.0.0.1:1000", "max_line": 5000, "data_dir": "/from/file", "log_level": "debug",
             "database_url": "host=file"}
            """)
        let environment = [
            "GAVEL_LISTEN": "10.0.0.2:2000", "GAVEL_MAX_LINE": "6000", "GAVEL_LOG_LEVEL": "error",
            "DATABASE_URL": "host=environment",
        ]
        let commandLine: [ConfigurationKey: String] = [.listen: "10.0.0.3:3000", .databaseURL: "host=flag"]
        let settings = try GaveldSettings.resolve(
            commandLine: commandLine, environment: environment, file: .required(file))
        #expect(settings.listenAddress == "10.0.0.3:3000", "flag over environment and file")
        #expect(settings.databaseURL == "host=flag", "flag over environment and file")
        #expect(settings.server.maxLineBytes == 6000, "environment over file")
        #expect(settings.logLevel == .error, "environment over file")
        #expect(settings.dataDirectory == "/from/file", "file over default")
        #expect(settings.server.maxConnections == 10_000, "default when nobody sets it")
        #expect(settings.configurationFile == file)
    }

    @Test("a key set to null in the file falls through to the default")
    func nullFallsThrough() throws {
        let file = try Fixtures.file(#"{"max_line": null, "database_url": null}"#)
        let settings = try GaveldSettings.resolve(environment: ["GAVEL_MAX_LINE": "8192"], file: .required(file))
        #expect(settings.server.maxLineBytes == 8192)
        #expect(try GaveldSettings.resolve(file: .required(file)).server.maxLineBytes == 4096)
        #expect(settings.databaseURL == nil)
    }

    @Test("an empty database URL means the embedded PostgreSQL, even over a file's URL")
    func emptyDatabaseURL() throws {
        let file = try Fixtures.file(#"{"database_url": "postgres://db/gavel"}"#)
        #expect(try GaveldSettings.resolve(file: .required(file)).databaseURL == "postgres://db/gavel")
        let settings = try GaveldSettings.resolve(environment: ["DATABASE_URL": ""], file: .required(file))
        #expect(settings.databaseURL == nil)
    }

    @Test("a missing default file is skipped; a missing --config file is an error")
    func missingFile() throws {
        let path = FileManager.default.temporaryDirectory.path + "/gaveld-missing-\(UUID()).json"
        #expect(try GaveldSettings.resolve(file: .ifPresent(path)).configurationFile == nil)
        #expect(throws: ConfigurationError.fileUnreadable(path: path, reason: "No such file or directory")) {
            try GaveldSettings.resolve(file: .required(path))
        }
    }

    @Test("every key's documented environment variable sets it", arguments: ConfigurationKey.allCases)
    func environmentVariableOfEachKey(key: ConfigurationKey) throws {
        let text = Fixtures.nonDefaultText[key]!
        #expect(text != GaveldSettings.defaultTexts[key])
        var environment = [key.environmentVariable: text]
        if let companion = Fixtures.companions[key] {
            environment[companion.environmentVariable] = Fixtures.nonDefaultText[companion]
        }
        let settings = try GaveldSettings.resolve(environment: environment)
        #expect(settings.texts[key] == text)
    }

    @Test("tls_cert and tls_key come together: one without the other stops gaveld")
    func tlsKeysTogether() throws {
        #expect(throws: ConfigurationError.inconsistent("tls_cert is set but tls_key is not; TLS needs both")) {
            try GaveldSettings.resolve(commandLine: [.tlsCert: "cert.pem"])
        }
        #expect(throws: ConfigurationError.inconsistent("tls_key is set but tls_cert is not; TLS needs both")) {
            try GaveldSettings.resolve(environment: ["GAVEL_TLS_KEY": "key.pem"])
        }
        let settings = try GaveldSettings.resolve(commandLine: [.tlsCert: "c.pem", .tlsKey: "k.pem"])
        #expect(settings.tlsCertificatePath == "c.pem")
        #expect(settings.tlsKeyPath == "k.pem")
    }

    @Test("every key can be set in the file", arguments: ConfigurationKey.allCases)
    func fileValueOfEachKey(key: ConfigurationKey) throws {
        let settings = try GaveldSettings.resolve(file: .required(try Fixtures.file(Fixtures.nonDefaultJSON[key]!)))
        #expect(settings.texts[key] == Fixtures.nonDefaultText[key])
    }

    @Test(
        "metrics_listen: --metrics over GAVEL_METRICS over the file; empty or null is off; a bad one names its source")
    func metricsListen() throws {
        let file = try Fixtures.file(#"{"metrics_listen": "127.0.0.1:9100"}"#)
        let fromFile = try GaveldSettings.resolve(file: .required(file))
        #expect(fromFile.server.metricsListen == ListenAddress(host: "127.0.0.1", port: 9100))
        #expect(fromFile.metricsAddress == "127.0.0.1:9100")
        let environment = ["GAVEL_METRICS": "[::1]:9200"]
        let fromEnvironment = try GaveldSettings.resolve(environment: environment, file: .required(file))
        #expect(fromEnvironment.server.metricsListen == ListenAddress(host: "::1", port: 9200))
        let fromFlag = try GaveldSettings.resolve(
            commandLine: [.metricsListen: "0.0.0.0:0"], environment: environment, file: .required(file))
        #expect(fromFlag.server.metricsListen == ListenAddress(host: "0.0.0.0", port: 0))
        #expect(
            try GaveldSettings.resolve(environment: ["GAVEL_METRICS": ""], file: .required(file)).metricsAddress == nil)
        let null = try Fixtures.file(#"{"metrics_listen": null}"#)
        #expect(try GaveldSettings.resolve(file: .required(null)).server.metricsListen == nil)
        #expect(
            throws: ConfigurationError.badValue(
                key: "metrics_listen", source: .environment(variable: "GAVEL_METRICS"),
                reason: #""9464" is not HOST:PORT (for example 127.0.0.1:7070)"#)
        ) {
            try GaveldSettings.resolve(environment: ["GAVEL_METRICS": "9464"])
        }
        #expect(throws: ConfigurationError.self) {
            try GaveldSettings.resolve(file: .required(try Fixtures.file(#"{"metrics_listen": 9464}"#)))
        }
    }

    @Test("environment variables are DATABASE_URL, GAVEL_METRICS and GAVEL_ with the key in upper case")
    func environmentVariableNames() {
        #expect(ConfigurationKey.metricsListen.environmentVariable == "GAVEL_METRICS")
        #expect(ConfigurationKey.metricsListen.flag == "--metrics")
        #expect(ConfigurationKey.databaseURL.environmentVariable == "DATABASE_URL")
        #expect(ConfigurationKey.listen.environmentVariable == "GAVEL_LISTEN")
        #expect(ConfigurationKey.dataDir.environmentVariable == "GAVEL_DATA_DIR")
        #expect(ConfigurationKey.handleTiers.environmentVariable == "GAVEL_DISCOUNTS_HANDLE_TIERS")
    }

    @Test("GAVEL_ADMIN_TOKEN is read from the environment and never printed")
    func adminTokenFromEnvironment() throws {
        let settings = try GaveldSettings.resolve(environment: ["GAVEL_ADMIN_TOKEN": "s3cret-token"])
        #expect(settings.adminToken?.value == "s3cret-token")
        #expect(!"\(settings)".contains("s3cret-token"))
        #expect(!String(reflecting: settings).contains("s3cret-token"))
        let file = try Fixtures.file(#"{"admin_token": "from-file"}"#)
        #expect(throws: ConfigurationError.self) { try GaveldSettings.resolve(file: .required(file)) }
    }
}
