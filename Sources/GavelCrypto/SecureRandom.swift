import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    /// 32 bytes gives 256 bits of entropy, far beyond what guessing a bearer token could exhaust.
    public static let tokenByteCount = 32

    public static func bytes(count byteCount: Int) throws(CryptoError) -> [UInt8] {
        precondition(byteCount >= 0 && byteCount <= Int32.max, "random byte count \(byteCount) out of range")
        var bytes = [UInt8](repeating: 0, count: byteCount)
        guard RAND_bytes(&bytes, Int32(byteCount)) == 1 else {
            throw .randomGenerationFailed(openSSLError: OpenSSLErrorQueue.drain())
        }
        return bytes
    }

    /// A 43-character URL-safe bearer token (base64url of `tokenByteCount` random bytes, no padding).
    public static func randomToken() throws(CryptoError) -> String {
        Base64.encodeURLSafeUnpadded(try bytes(count: tokenByteCount))
    }
}
