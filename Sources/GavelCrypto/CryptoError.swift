/// Failures reported by GavelCrypto; descriptions are meant to be shown to operators as-is.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    case keyGenerationFailed(openSSLError: String)
    case invalidPEM(openSSLError: String)
    case invalidSPKI(reason: String)
    case invalidBase64
    case invalidRawKeyLength(byteCount: Int)
    case invalidRawKey(openSSLError: String)
    case notEd25519(keyType: String)
    case randomGenerationFailed(openSSLError: String)

    public var description: String {
        switch self {
        case .keyGenerationFailed(let openSSLError):
            "Ed25519 key generation failed: \(openSSLError)"
        case .invalidPEM(let openSSLError):
            "PEM text does not contain a readable unencrypted key: \(openSSLError)"
        case .invalidSPKI(let reason):
            "bytes are not a DER SubjectPublicKeyInfo: \(reason)"
        case .invalidBase64:
            "text is not valid standard base64"
        case .invalidRawKeyLength(let byteCount):
            "raw Ed25519 key must be \(Ed25519PublicKey.rawByteCount) bytes, got \(byteCount)"
        case .invalidRawKey(let openSSLError):
            "raw Ed25519 key was rejected: \(openSSLError)"
        case .notEd25519(let keyType):
            "key is of type \(keyType), expected ED25519"
        case .randomGenerationFailed(let openSSLError):
            "secure random generation failed: \(openSSLError)"
        }
    }
}
