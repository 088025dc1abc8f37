import COpenSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An Ed25519 signing key (RFC 8032) held inside OpenSSL.
public struct Ed25519PrivateKey: Sendable {
    public static let signatureByteCount = 64

    public let publicKey: Ed25519PublicKey
    let key: EVPKey

    private init(key: EVPKey) {
        self.key = key
        self.publicKey = Ed25519PublicKey(key: key)
    }

    public static func generate() throws(CryptoError) -> Ed25519PrivateKey {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
            throw .keyGenerationFailed(openSSLError: OpenSSLErrorQueue.drain())
        }
        defer { EVP_PKEY_CTX_free(context) }
        var pointer: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &pointer) == 1, let pointer else {
            throw .keyGenerationFailed(openSSLError: OpenSSLErrorQueue.drain())
        }
        return Ed25519PrivateKey(key: try EVPKey(ed25519: pointer))
    }

    /// Parses an unencrypted private key PEM (PKCS#8 "BEGIN PRIVATE KEY" or OpenSSL's legacy forms).
    public init(pem: String) throws(CryptoError) {
        let parsed = MemoryBIO.reading(pem) { bio in
            // A nil callback would make OpenSSL prompt on the terminal for an encrypted key; refuse instead.
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let parsed else {
            throw .invalidPEM(openSSLError: OpenSSLErrorQueue.drain())
        }
        self.init(key: try EVPKey(ed25519: parsed))
    }

    /// Builds a key from the 32-byte secret seed of RFC 8032 section 5.1.5.
    public init(rawRepresentation: [UInt8]) throws(CryptoError) {
        guard rawRepresentation.count == Ed25519PublicKey.rawByteCount else {
            throw .invalidRawKeyLength(byteCount: rawRepresentation.count)
        }
        let pointer = EVP_PKEY_new_raw_private_key(
            EVP_PKEY_ED25519, nil, rawRepresentation, Ed25519PublicKey.rawByteCount)
        guard let pointer else {
            throw .invalidRawKey(openSSLError: OpenSSLErrorQueue.drain())
        }
        self.init(key: try EVPKey(ed25519: pointer))
    }

    /// Unencrypted PKCS#8 "-----BEGIN PRIVATE KEY-----" PEM.
    public var pemRepresentation: String {
        MemoryBIO.writing("PEM_write_bio_PKCS8PrivateKey") { bio in
            PEM_write_bio_PKCS8PrivateKey(bio, key.pointer, nil, nil, 0, nil, nil)
        }
    }

    /// Deterministic 64-byte Ed25519 signature (RFC 8032 signs without a random nonce).
    public func signature(for message: some ContiguousBytes) -> [UInt8] {
        message.withUnsafeBytes { key.sign($0) }
    }
}
