import COpenSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An Ed25519 verification key, identified by its DER SubjectPublicKeyInfo encoding.
public struct Ed25519PublicKey: Sendable, Hashable {
    public static let rawByteCount = 32

    /// Canonical DER SubjectPublicKeyInfo, re-encoded by OpenSSL so equal keys compare equal.
    public let spkiDER: [UInt8]
    let key: EVPKey

    init(key: EVPKey) {
        self.key = key
        self.spkiDER = key.spkiDER()
    }

    public init(spkiDER: [UInt8]) throws(CryptoError) {
        let (parsed, consumedByteCount) = spkiDER.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            let pointer = d2i_PUBKEY(nil, &cursor, buffer.count)
            return (pointer, buffer.baseAddress.flatMap { base in cursor.map { $0 - base } } ?? 0)
        }
        guard let parsed else {
            throw .invalidSPKI(reason: OpenSSLErrorQueue.drain())
        }
        // Trailing bytes would let two different strings name the same key.
        guard consumedByteCount == spkiDER.count else {
            EVP_PKEY_free(parsed)
            let extraByteCount = spkiDER.count - consumedByteCount
            throw .invalidSPKI(reason: "\(extraByteCount) extra byte(s) after the SubjectPublicKeyInfo")
        }
        self.init(key: try EVPKey(ed25519: parsed))
    }

    public init(base64SPKI: String) throws(CryptoError) {
        guard let der = Base64.decode(base64SPKI) else {
            throw .invalidBase64
        }
        try self.init(spkiDER: der)
    }

    /// Parses a "-----BEGIN PUBLIC KEY-----" block.
    public init(pem: String) throws(CryptoError) {
        let parsed = MemoryBIO.reading(pem) { bio in
            PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        guard let parsed else {
            throw .invalidPEM(openSSLError: OpenSSLErrorQueue.drain())
        }
        self.init(key: try EVPKey(ed25519: parsed))
    }

    /// Builds a key from the 32-byte encoding of RFC 8032 section 5.1.5.
    public init(rawRepresentation: [UInt8]) throws(CryptoError) {
        guard rawRepresentation.count == Self.rawByteCount else {
            throw .invalidRawKeyLength(byteCount: rawRepresentation.count)
        }
        guard let pointer = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, rawRepresentation, Self.rawByteCount)
        else {
            throw .invalidRawKey(openSSLError: OpenSSLErrorQueue.drain())
        }
        self.init(key: try EVPKey(ed25519: pointer))
    }

    /// Standard padded base64 of the 44-byte `spkiDER`: 60 characters, always starting "MCowBQYDK2VwAyEA".
    public var base64SPKI: String {
        Base64.encode(spkiDER)
    }

    /// The first 16 hex digits of the SHA-256 of the SPKI DER: a short name for the key, e.g. for its file.
    public var fingerprint: String {
        String(SHA256.hexDigest(spkiDER).prefix(Self.fingerprintHexDigits))
    }

    private static let fingerprintHexDigits = 16

    public var pemRepresentation: String {
        MemoryBIO.writing("PEM_write_bio_PUBKEY") { bio in
            PEM_write_bio_PUBKEY(bio, key.pointer)
        }
    }

    public var rawRepresentation: [UInt8] {
        var raw = [UInt8](repeating: 0, count: Self.rawByteCount)
        var rawByteCount = raw.count
        guard EVP_PKEY_get_raw_public_key(key.pointer, &raw, &rawByteCount) == 1, rawByteCount == Self.rawByteCount
        else {
            OpenSSLErrorQueue.fatal("EVP_PKEY_get_raw_public_key")
        }
        return raw
    }

    public func isValidSignature(_ signature: [UInt8], for message: some ContiguousBytes) -> Bool {
        message.withUnsafeBytes { key.verify(signature, $0) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.spkiDER == rhs.spkiDER
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(spkiDER)
    }
}
