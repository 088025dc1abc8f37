import COpenSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Incremental SHA-256 for input that arrives in pieces.
///
/// Non-copyable so the underlying `EVP_MD_CTX` has exactly one owner: it is freed once by `deinit`,
/// and `finalize()` consumes the hasher so a finished context can never be updated again.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new() else {
            OpenSSLErrorQueue.fatal("EVP_MD_CTX_new")
        }
        guard EVP_DigestInit_ex(context, SHA256.algorithm, nil) == 1 else {
            EVP_MD_CTX_free(context)
            OpenSSLErrorQueue.fatal("EVP_DigestInit_ex")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    public mutating func update(_ bytes: some ContiguousBytes) {
        let status = bytes.withUnsafeBytes { buffer in
            buffer.withNonNullBaseAddress { EVP_DigestUpdate(context, $0, buffer.count) }
        }
        guard status == 1 else {
            OpenSSLErrorQueue.fatal("EVP_DigestUpdate")
        }
    }

    /// The digest so far in lower-case hex; then the hasher starts over with the same context. For many
    /// small digests in a row (a receipt tree's nodes): no allocation but the string's.
    public mutating func hexDigestAndRestart() -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SHA256.digestByteCount) { digest in
            var digestByteCount: UInt32 = 0
            guard EVP_DigestFinal_ex(context, digest.baseAddress, &digestByteCount) == 1,
                digestByteCount == SHA256.digestByteCount
            else {
                OpenSSLErrorQueue.fatal("EVP_DigestFinal_ex")
            }
            // No type: the context's own, whose state OpenSSL reuses rather than allocating again.
            guard EVP_DigestInit_ex(context, nil, nil) == 1 else {
                OpenSSLErrorQueue.fatal("EVP_DigestInit_ex")
            }
            return Hex.encode(UnsafeRawBufferPointer(digest))
        }
    }

    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.digestByteCount)
        var digestByteCount: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &digestByteCount) == 1, digestByteCount == SHA256.digestByteCount
        else {
            OpenSSLErrorQueue.fatal("EVP_DigestFinal_ex")
        }
        return digest
    }
}
