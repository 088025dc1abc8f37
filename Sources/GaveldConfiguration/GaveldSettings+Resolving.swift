import Configuration
import Foundation
import GavelCore
import GavelServerConfiguration
import Logging

extension GaveldSettings {
    static let defaultDataDirectory = ".gavel"
    static let millisecondsPerHour: Int64 = 3_600_000

    /// Resolves the settings through swift-configuration's provider hierarchy: `commandLine` (flag values by
    /// key) over `environment` over the configuration file over the built-in defaults. Throws the first
    /// unknown key, badly typed or unacceptable value, naming the key and where it came from.
    public static func resolve(
        commandLine: [ConfigurationKey: String] = [:], environment: [String: String] = [:],
        file: ConfigurationFileChoice = .none
    ) throws(ConfigurationError) -> GaveldSettings {
        var layers: [(ConfigurationSource?, any ConfigProvider)] = [
            (nil, Self.provider(name: "command line", commandLine)),
            (nil, Self.environmentProvider(environment)),
        ]
        var filePath: String?
        switch file {
        case .none: break
        case .ifPresent(let path) where !FileManager.default.fileExists(atPath: path): break
        case .ifPresent(let path), .required(let path):
            layers.append((.file(path: path), Self.provider(name: path, try ConfigurationFile.values(path: path))))
            filePath = path
        }
        layers.append((.defaults, Self.provider(name: "defaults", defaultTexts)))
        var settings = try Resolver(layers: layers).settings()
        settings.configurationFile = filePath
        return settings
    }

    /// Every key's default as text; `database_url`, `tls_cert` and `tls_key` have none (the embedded PostgreSQL,
    /// plain TCP).
    public static var defaultTexts: [ConfigurationKey: String] {
        texts(server: ServerConfiguration(), dataDirectory: defaultDataDirectory, logLevel: .info, databaseURL: nil)
    }

    /// These settings as the text each key would have in the environment: resolving the texts gives these
    /// settings back.
    var texts: [ConfigurationKey: String] {
        var texts = Self.texts(
            server: server, dataDirectory: dataDirectory, logLevel: logLevel, databaseURL: databaseURL)
        texts[.tlsCert] = tlsCertificatePath
        texts[.tlsKey] = tlsKeyPath
        return texts
    }

    private static func texts(
        server: ServerConfiguration, dataDirectory: String, logLevel: Logger.Level, databaseURL: String?
    ) -> [ConfigurationKey: String] {
        let auction = server.auction
        var texts: [ConfigurationKey: String] = [
            .listen: ValueRendering.listen(host: server.host, port: server.port),
            .dataDir: dataDirectory,
            .maxLine: String(server.maxLineBytes),
            .maxConnections: String(server.maxConnections),
            .maxConnectionsPerIP: String(server.maxConnectionsPerIP),
            .maxUnauthenticatedConnections: String(server.maxUnauthenticatedConnections),
            .maxUnauthenticatedConnectionsPerIP: String(server.maxUnauthenticatedConnectionsPerIP),
            .authTimeoutMs: String(server.authTimeoutMs),
            .idleTimeoutMs: String(server.idleTimeoutMs),
            .lineTimeoutMs: String(server.lineTimeoutMs),
            .maxOutputBufferBytes: String(server.maxOutputBufferBytes),
            .slowReaderTimeoutMs: String(server.slowReaderTimeoutMs),
            .maxCommandsPerSecond: String(server.maxCommandsPerSecond),
            .maxPipelinedCommands: String(server.maxPipelinedCommands),
            .fairBatch: String(server.fairBatch),
            .maxWatches: String(server.maxWatches),
            .eventLoopThreads: String(server.eventLoopThreads),
            .signerThreads: String(server.signerThreads),
            .timerPrecisionMs: String(server.timerPrecisionMs),
            .minReserve: auction.minReserve.description,
            .maxBid: auction.maxBid.description,
            .handleTiers: ValueRendering.handleTiers(auction.discounts.handleTiers),
            .valueTiers: ValueRendering.valueTiers(auction.discounts.valueTiers),
            .transferDueHours: String(auction.transferDueMilliseconds / millisecondsPerHour),
            .logLevel: logLevel.rawValue,
            .allowBrokenLedger: String(server.allowBrokenLedger),
        ]
        texts[.databaseURL] = databaseURL
        texts[.metricsListen] = server.metricsListen.map { ValueRendering.listen(host: $0.host, port: $0.port) }
        return texts
    }

    private static func provider(name: String, _ texts: [ConfigurationKey: String]) -> InMemoryProvider {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, text) in texts {
            values[key.absolute] = ConfigValue(.string(text), isSecret: key == .databaseURL)
        }
        return InMemoryProvider(name: name, values: values)
    }

    /// `DATABASE_URL` as it is, `metrics_listen` as `GAVEL_METRICS`; every other key, including
    /// `admin_token`, under the `GAVEL_` prefix.
    private static func environmentProvider(_ environment: [String: String]) -> some ConfigProvider {
        let secrets: Set<String> = [ConfigurationKey.adminTokenEnvironmentVariable, "DATABASE_URL"]
        return EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secrets))
            .mapKeys { key in
                switch key {
                case ConfigurationKey.databaseURL.absolute: key
                case ConfigurationKey.metricsListen.absolute: AbsoluteConfigKey(ConfigKey("gavel.metrics"))
                default: key.prepending(["gavel"])
                }
            }
    }
}

extension ConfigurationKey {
    var absolute: AbsoluteConfigKey { AbsoluteConfigKey(ConfigKey(rawValue)) }
}

/// Reads each key through one `ConfigReader` over the layers and parses it.
private struct Resolver {
    static let adminTokenKey: ConfigKey = "admin_token"

    let reader: ConfigReader
    /// The providers in precedence order; `nil` sources (flags, environment) are named per key.
    let layers: [(ConfigurationSource?, any ConfigProvider)]

    init(layers: [(ConfigurationSource?, any ConfigProvider)]) {
        self.layers = layers
        reader = ConfigReader(providers: layers.map(\.1))
    }

    func settings() throws(ConfigurationError) -> GaveldSettings {
        var server = ServerConfiguration()
        (server.host, server.port) = try value(.listen, ValueParsing.listen)
        server.maxLineBytes = try integer(.maxLine)
        server.maxConnections = try integer(.maxConnections)
        server.maxConnectionsPerIP = try integer(.maxConnectionsPerIP)
        server.maxUnauthenticatedConnections = try integer(.maxUnauthenticatedConnections)
        server.maxUnauthenticatedConnectionsPerIP = try integer(.maxUnauthenticatedConnectionsPerIP)
        server.authTimeoutMs = Int64(try integer(.authTimeoutMs))
        server.idleTimeoutMs = Int64(try integer(.idleTimeoutMs))
        server.lineTimeoutMs = Int64(try integer(.lineTimeoutMs))
        server.maxOutputBufferBytes = try integer(.maxOutputBufferBytes)
        server.slowReaderTimeoutMs = Int64(try integer(.slowReaderTimeoutMs))
        server.maxCommandsPerSecond = Int64(try integer(.maxCommandsPerSecond))
        server.maxPipelinedCommands = try integer(.maxPipelinedCommands)
        server.fairBatch = try integer(.fairBatch)
        server.maxWatches = try integer(.maxWatches)
        server.eventLoopThreads = try integer(.eventLoopThreads)
        server.signerThreads = try integer(.signerThreads)
        server.timerPrecisionMs = Int64(try integer(.timerPrecisionMs))
        server.auction = try auction()
        server.metricsListen = try optionalValue(.metricsListen, ValueParsing.listen).map {
            ListenAddress(host: $0.host, port: $0.port)
        }
        server.allowBrokenLedger = try value(.allowBrokenLedger, ValueParsing.boolean)
        let databaseURL = reader.string(forKey: ConfigKey(ConfigurationKey.databaseURL.rawValue), isSecret: true)
        let (tlsCertificatePath, tlsKeyPath) = try tlsFiles()
        return GaveldSettings(
            server: server, databaseURL: databaseURL?.isEmpty == false ? databaseURL : nil,
            dataDirectory: try value(.dataDir, ValueParsing.directory),
            logLevel: try value(.logLevel, ValueParsing.logLevel),
            adminToken: try adminToken(), configurationFile: nil, tlsCertificatePath: tlsCertificatePath,
            tlsKeyPath: tlsKeyPath)
    }

    /// `tls_cert` and `tls_key`, both or neither; an empty value counts as unset.
    private func tlsFiles() throws(ConfigurationError) -> (String?, String?) {
        let certificate = reader.string(forKey: ConfigKey(ConfigurationKey.tlsCert.rawValue)).flatMap {
            $0.isEmpty ? nil : $0
        }
        let key = reader.string(forKey: ConfigKey(ConfigurationKey.tlsKey.rawValue)).flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (.some, nil): throw .inconsistent("tls_cert is set but tls_key is not; TLS needs both")
        case (nil, .some): throw .inconsistent("tls_key is set but tls_cert is not; TLS needs both")
        default: return (certificate, key)
        }
    }

    private func auction() throws(ConfigurationError) -> AuctionConfig {
        let minReserve = try value(.minReserve, ValueParsing.dollars)
        let maxBid = try value(.maxBid, ValueParsing.dollars)
        guard minReserve <= maxBid else {
            throw .inconsistent("min_reserve \(minReserve) is above max_bid \(maxBid)")
        }
        let discounts = DiscountPolicy(
            handleTiers: try value(.handleTiers, ValueParsing.handleTiers),
            valueTiers: try value(.valueTiers, ValueParsing.valueTiers))
        let transferDueHours = try integer(.transferDueHours)
        return AuctionConfig(
            minReserve: minReserve, maxBid: maxBid, discounts: discounts,
            transferDueMilliseconds: Int64(transferDueHours) * GaveldSettings.millisecondsPerHour)
    }

    private func adminToken() throws(ConfigurationError) -> AdminToken? {
        guard let token = reader.string(forKey: Self.adminTokenKey, isSecret: true) else { return nil }
        guard AdminToken.isValid(token) else {
            throw .badValue(
                key: "admin_token", source: .environment(variable: ConfigurationKey.adminTokenEnvironmentVariable),
                reason: "a token must be 1 to 256 printable ASCII characters without spaces (unset it to use"
                    + " the data directory's admin.token)")
        }
        return AdminToken(token)
    }

    private func integer(_ key: ConfigurationKey) throws(ConfigurationError) -> Int {
        guard let range = key.integerRange else { preconditionFailure("\(key) is not a whole-number key") }
        return try value(key) { (text) throws(ValueError) in try ValueParsing.integer(text, in: range) }
    }

    private func value<T>(_ key: ConfigurationKey, _ parse: (String) throws(ValueError) -> T)
        throws(ConfigurationError) -> T
    {
        guard let text = reader.string(forKey: ConfigKey(key.rawValue), isSecret: key == .databaseURL) else {
            preconditionFailure("\(key.rawValue) has a default, so some provider has it")
        }
        do {
            return try parse(text)
        } catch {
            throw .badValue(key: key.rawValue, source: source(of: key), reason: error.reason)
        }
    }

    /// A key without a default: nil when no provider has it or its value is empty.
    private func optionalValue<T>(_ key: ConfigurationKey, _ parse: (String) throws(ValueError) -> T)
        throws(ConfigurationError) -> T?
    {
        guard let text = reader.string(forKey: ConfigKey(key.rawValue)), !text.isEmpty else { return nil }
        do {
            return try parse(text)
        } catch {
            throw .badValue(key: key.rawValue, source: source(of: key), reason: error.reason)
        }
    }

    /// The first layer that has `key`: where the value that failed came from.
    private func source(of key: ConfigurationKey) -> ConfigurationSource {
        for (index, (source, provider)) in layers.enumerated() {
            guard (try? provider.value(forKey: key.absolute, type: .string).value) != nil else { continue }
            if let source { return source }
            return index == 0
                ? .commandLine(flag: key.flag ?? key.rawValue) : .environment(variable: key.environmentVariable)
        }
        return .defaults
    }
}
