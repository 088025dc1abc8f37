import NIOCore
public import NIOSSL

/// TLS for a connection: one `NIOSSLContext` (built once, shared by every connection that uses it)
/// and the name the server's certificate must carry.
public struct GavelTLS: Sendable {
    public let context: NIOSSLContext
    /// Checked against the certificate and sent as SNI; `nil` for an IP address.
    public let serverHostname: String?

    public init(
        configuration: TLSConfiguration = .makeClientConfiguration(), serverHostname: String?
    ) throws {
        context = try NIOSSLContext(configuration: configuration)
        self.serverHostname = serverHostname
    }

    /// What `--tls` and `--ca-file` ask for: TLS 1.2 or later, trusting the system's roots or only the
    /// CA certificates in `caFile` (PEM), and a certificate that names `host` (a DNS name, or for an IP
    /// address its subjectAltName IP entry).
    public init(host: String, caFile: String?) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .file(caFile) }
        let isIPAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        try self.init(configuration: configuration, serverHostname: isIPAddress ? nil : host)
    }
}
