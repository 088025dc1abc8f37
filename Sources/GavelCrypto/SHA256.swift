import COpenSSL

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One-shot SHA-256 (FIPS 180-4) through OpenSSL's EVP interface.
public enum SHA256 {
    public static let digestByteCount = 32

    public static func hash(_ bytes: some ContiguousBytes) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestByteCount)
        var digestByteCount: UInt32 = 0
        let status = bytes.withUnsafeBytes { buffer in
            buffer.withNonNullBaseAddress { data in
                EVP_Digest(data, buffer.count, &digest, &digestByteCount, EVP_sha256(), nil)
            }
        }
        guard status == 1, digestByteCount == Self.digestByteCount else {
            OpenSSLErrorQueue.fatal("EVP_Digest")
        }
        return digest
    }

    public static func hexDigest(_ bytes: some ContiguousBytes) -> String {
        Hex.encode(hash(bytes))
    }
}
