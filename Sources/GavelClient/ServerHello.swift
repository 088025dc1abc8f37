public import GavelCrypto

/// What `* HELLO proto=1 server=gaveld/<version> alg=ed25519 key=<base64 SPKI DER>` announces.
public struct ServerHello: Hashable, Sendable {
    public let protocolVersion: Int
    /// The version after `gaveld/`, e.g. `0.1.0`.
    public let serverVersion: String
    /// The key receipts are signed with; verify them against it.
    public let publicKey: Ed25519PublicKey

    public var publicKeyBase64: String { publicKey.base64SPKI }

    public init(_ event: ServerEventLine) throws(GavelClientError) {
        guard event.name == "HELLO" else { throw .badHello(event.line) }
        guard let proto = event.fields["proto"].flatMap({ Int($0) }) else {
            throw .badHello("no proto= in \(event.line)")
        }
        guard let server = event.fields["server"], server.hasPrefix(Self.serverPrefix) else {
            throw .badHello("no server=gaveld/<version> in \(event.line)")
        }
        guard event.fields["alg"] == "ed25519", let key = event.fields["key"] else {
            throw .badHello("no alg=ed25519 key= in \(event.line)")
        }
        do {
            publicKey = try Ed25519PublicKey(base64SPKI: key)
        } catch {
            throw .badHello("key= is not an Ed25519 public key: \(error)")
        }
        protocolVersion = proto
        serverVersion = String(server.dropFirst(Self.serverPrefix.count))
    }

    private static let serverPrefix = "gaveld/"
}
