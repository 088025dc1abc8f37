import Foundation
import GavelCrypto
import NIOCore
import NIOPosix
import NIOSSL
import Testing

@testable import GavelClient

@Suite("GavelConnection over TLS")
struct TLSConnectionTests {
    @Test("HELLO and replies pass through NIOSSL; a certificate the client does not trust fails the connect")
    func tls() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gavel-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificatePath = directory.appendingPathComponent("cert.pem").path
        let keyPath = directory.appendingPathComponent("key.pem").path
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", keyPath, "-out",
            certificatePath,
        ])
        let certificate = try #require(try NIOSSLCertificate.fromPEMFile(certificatePath).first)
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        let listener = try await Self.pongServer(
            tls: .makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
        let port = try #require(listener.localAddress?.port)

        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates([certificate])
        let connection = try await GavelConnection.connect(
            host: "127.0.0.1", port: port, tls: try GavelTLS(configuration: trusting, serverHostname: "localhost"))
        #expect(connection.hello.serverVersion == "tls-test")
        #expect(try await connection.send(.ping).line == "OK pong")
        await connection.close()

        await #expect(throws: GavelClientError.self) {
            _ = try await GavelConnection.connect(
                host: "127.0.0.1", port: port, tls: try GavelTLS(serverHostname: "localhost"), connectTimeoutMs: 5_000)
        }
        try await listener.close()
    }

    /// A TLS listener that greets like gaveld and answers every line with `OK pong`.
    static func pongServer(tls configuration: TLSConfiguration) async throws -> any Channel {
        let context = try NIOSSLContext(configuration: configuration)
        let hello =
            "* HELLO proto=1 server=gaveld/tls-test alg=ed25519 key=\(try Ed25519PrivateKey.generate().publicKey.base64SPKI)\n"
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ClientLineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(PongHandler(hello: hello))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("openssl \(arguments) failed") }
    }
}
