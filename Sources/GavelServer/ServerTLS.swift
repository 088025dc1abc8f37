import Foundation
import NIOSSL

/// The listener's TLS: a certificate chain and its private key in one context that every connection
/// shares. TLS 1.2 at least; TLS 1.3 whenever the client speaks it (the highest both sides support wins).
public struct ServerTLS: Sendable {
    let context: NIOSSLContext

    /// Reads both PEM files and checks that the key belongs to the certificate.
    public init(certificatePath: String, keyPath: String) throws(ServerTLSError) {
        let chain = try Self.certificateChain(certificatePath)
        let key = try Self.privateKey(keyPath)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .keyDoesNotMatch(certificatePath: certificatePath, keyPath: keyPath)
        }
    }

    /// The handler that goes first in a connection's pipeline.
    func makeHandler() -> NIOSSLServerHandler {
        NIOSSLServerHandler(context: context)
    }

    private static func certificateChain(_ path: String) throws(ServerTLSError) -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(what: "certificate", path) }
        guard let chain = try? NIOSSLCertificate.fromPEMFile(path), !chain.isEmpty else {
            throw .notPEM(what: "certificate", path)
        }
        return chain
    }

    private static func privateKey(_ path: String) throws(ServerTLSError) -> NIOSSLPrivateKey {
        guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(what: "private key", path) }
        guard let key = try? NIOSSLPrivateKey(file: path, format: .pem) else {
            throw .notPEM(what: "private key", path)
        }
        return key
    }
}
