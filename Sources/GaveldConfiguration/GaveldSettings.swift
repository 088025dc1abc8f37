public import GavelServerConfiguration
public import Logging

/// Everything `gaveld` reads from its configuration, resolved and checked: flags over environment over the
/// configuration file over the built-in defaults.
public struct GaveldSettings: Sendable, Equatable {
    /// The listener, limits, threads and auction rules, from which `gaveld` configures its server.
    public var server: ServerConfiguration
    /// A libpq connection string or URI; `nil` runs the embedded PostgreSQL under `dataDirectory`.
    public var databaseURL: String?
    /// Holds the receipt key, the admin token file and the embedded cluster.
    public var dataDirectory: String
    public var logLevel: Logger.Level
    /// From `GAVEL_ADMIN_TOKEN`; `nil` when the environment does not set it.
    public var adminToken: AdminToken?
    /// The configuration file that was read, if any.
    public var configurationFile: String?
    /// With `tlsKeyPath`, makes the listener TLS-only: the certificate chain (PEM) it presents.
    public var tlsCertificatePath: String?
    /// The private key (PEM) of `tlsCertificatePath`; both are set or neither.
    public var tlsKeyPath: String?

    /// `host:port` as an operator would type it.
    public var listenAddress: String {
        ValueRendering.listen(host: server.host, port: server.port)
    }

    /// `host:port` of the metrics listener, or nil when metrics are not served.
    public var metricsAddress: String? {
        server.metricsListen.map { ValueRendering.listen(host: $0.host, port: $0.port) }
    }

    /// The receipt key, its creation time and the keys it replaced.
    public var receiptKeyring: ReceiptKeyring { ReceiptKeyring(dataDirectory: dataDirectory) }
    public var adminTokenPath: String { dataDirectory + "/admin.token" }
    public var embeddedPostgresDirectory: String { dataDirectory + "/postgres" }
}
