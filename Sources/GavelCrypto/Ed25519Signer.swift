import COpenSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs many messages with one key through one prepared `EVP_MD_CTX`. OpenSSL 3 looks the algorithm
/// up again on every `EVP_DigestSignInit`; a signer does that once, so a server's signing thread pays
/// only for the signature itself.
///
/// Not `Sendable`: the context has no locking; each thread that signs keeps a signer of its own.
public final class Ed25519Signer {
    private let key: EVPKey
    private let context: OpaquePointer

    public init(key: Ed25519PrivateKey) {
        self.key = key.key
        guard let context = EVP_MD_CTX_new() else { OpenSSLErrorQueue.fatal("EVP_MD_CTX_new") }
        guard EVP_DigestSignInit(context, nil, nil, nil, key.key.pointer) == 1 else {
            EVP_MD_CTX_free(context)
            OpenSSLErrorQueue.fatal("EVP_DigestSignInit")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// The same 64 bytes `Ed25519PrivateKey.signature(for:)` gives (Ed25519 is deterministic).
    public func signature(for message: some ContiguousBytes) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Ed25519PrivateKey.signatureByteCount)
        var signatureByteCount = signature.count
        let status = message.withUnsafeBytes { bytes in
            bytes.withNonNullBaseAddress { base in
                EVP_DigestSign(context, &signature, &signatureByteCount, base, bytes.count)
            }
        }
        guard status == 1, signatureByteCount == Ed25519PrivateKey.signatureByteCount else {
            OpenSSLErrorQueue.fatal("EVP_DigestSign")
        }
        return signature
    }
}
