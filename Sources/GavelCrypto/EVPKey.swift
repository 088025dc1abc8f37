import COpenSSL

/// Sole owner of an Ed25519 `EVP_PKEY`, freeing it when the last reference goes away.
///
/// `@unchecked Sendable` because the key is never mutated after construction, and OpenSSL 3 allows
/// concurrent signing and verification with one `EVP_PKEY` as long as each call uses its own `EVP_MD_CTX`,
/// which `sign` and `verify` do.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`, freeing it and throwing when it is not an Ed25519 key.
    init(ed25519 pointer: OpaquePointer) throws(CryptoError) {
        guard EVP_PKEY_get_id(pointer) == EVP_PKEY_ED25519 else {
            let typeName = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown"
            EVP_PKEY_free(pointer)
            throw .notEd25519(keyType: typeName)
        }
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// DER SubjectPublicKeyInfo of the public half; works for private keys too.
    func spkiDER() -> [UInt8] {
        let byteCount = i2d_PUBKEY(pointer, nil)
        guard byteCount > 0 else {
            OpenSSLErrorQueue.fatal("i2d_PUBKEY")
        }
        var der = [UInt8](repeating: 0, count: Int(byteCount))
        let writtenByteCount = der.withUnsafeMutableBufferPointer { buffer in
            // i2d_PUBKEY advances the cursor it is given, so hand it a copy of the base address.
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard writtenByteCount == byteCount else {
            OpenSSLErrorQueue.fatal("i2d_PUBKEY")
        }
        return der
    }

    func sign(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        withDigestContext { context in
            guard EVP_DigestSignInit(context, nil, nil, nil, pointer) == 1 else {
                OpenSSLErrorQueue.fatal("EVP_DigestSignInit")
            }
            var signature = [UInt8](repeating: 0, count: Ed25519PrivateKey.signatureByteCount)
            var signatureByteCount = signature.count
            let status = message.withNonNullBaseAddress { messageBytes in
                EVP_DigestSign(context, &signature, &signatureByteCount, messageBytes, message.count)
            }
            guard status == 1, signatureByteCount == Ed25519PrivateKey.signatureByteCount else {
                OpenSSLErrorQueue.fatal("EVP_DigestSign")
            }
            return signature
        }
    }

    func verify(_ signature: [UInt8], _ message: UnsafeRawBufferPointer) -> Bool {
        guard signature.count == Ed25519PrivateKey.signatureByteCount else {
            return false
        }
        return withDigestContext { context in
            guard EVP_DigestVerifyInit(context, nil, nil, nil, pointer) == 1 else {
                OpenSSLErrorQueue.fatal("EVP_DigestVerifyInit")
            }
            let status = message.withNonNullBaseAddress { messageBytes in
                EVP_DigestVerify(context, signature, signature.count, messageBytes, message.count)
            }
            // A bad signature leaves entries on the error queue; they describe nothing the caller needs.
            ERR_clear_error()
            return status == 1
        }
    }

    private func withDigestContext<Result>(_ body: (OpaquePointer) -> Result) -> Result {
        guard let context = EVP_MD_CTX_new() else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_new")
        }
        defer { EVP_MD_CTX_free(context) }
        return body(context)
    }
}
