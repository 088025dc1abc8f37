import COpenSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One-shot SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public enum SHA256 {
    public static let digestByteCount = 32

    /// Fetched once. Handed `EVP_sha256()`, OpenSSL 3 looks the implementation up by name on every digest;
    /// every entry, receipt tree and verification hashes. A fetched `EVP_MD` is immutable and may be shared
    /// by all threads (OpenSSL's own rule), hence `nonisolated(unsafe)`.
    nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else { OpenSSLErrorQueue.fatal("EVP_MD_fetch") }
        return algorithm
    }()

    public static func hash(_ bytes: some ContiguousBytes) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: digestByteCount) { digest, count in
            hash(bytes, into: digest)
            count = digestByteCount
        }
    }

    /// The digest in lower-case hex: one allocation, the string's.
    public static func hexDigest(_ bytes: some ContiguousBytes) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: digestByteCount) { digest in
            hash(bytes, into: digest)
            return Hex.encode(UnsafeBufferPointer(digest))
        }
    }

    private static func hash(_ bytes: some ContiguousBytes, into digest: UnsafeMutableBufferPointer<UInt8>) {
        precondition(digest.count >= digestByteCount, "room for a digest")
        var written: UInt32 = 0
        let status = bytes.withUnsafeBytes { buffer in
            buffer.withNonNullBaseAddress { data in
                EVP_Digest(data, buffer.count, digest.baseAddress, &written, algorithm, nil)
            }
        }
        guard status == 1, written == digestByteCount else {
            OpenSSLErrorQueue.fatal("EVP_Digest")
        }
    }
}
