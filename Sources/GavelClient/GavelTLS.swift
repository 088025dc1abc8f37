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
}
