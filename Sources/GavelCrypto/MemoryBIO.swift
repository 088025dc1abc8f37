import COpenSSL

/// In-memory OpenSSL BIOs for moving PEM text in and out of OpenSSL.
enum MemoryBIO {
    /// Runs `body` with a read-only BIO over the UTF-8 bytes of `text`.
    static func reading<Result>(_ text: String, _ body: (OpaquePointer) -> Result) -> Result {
        var text = text
        return text.withUTF8 { utf8 in
            // BIO_new_mem_buf borrows the bytes rather than copying, so the BIO must not outlive this closure.
            guard let bio = BIO_new_mem_buf(utf8.baseAddress, Int32(utf8.count)) else {
                OpenSSLErrorQueue.fatal("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Collects everything `write` puts into a fresh memory BIO; `write` returns OpenSSL's 1-on-success status.
    static func writing(_ operation: String, _ write: (OpaquePointer) -> Int32) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else {
            OpenSSLErrorQueue.fatal("BIO_new")
        }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else {
            OpenSSLErrorQueue.fatal(operation)
        }
        let pendingByteCount = Int(BIO_ctrl_pending(bio))
        var bytes = [UInt8](repeating: 0, count: pendingByteCount)
        let readByteCount = BIO_read(bio, &bytes, Int32(pendingByteCount))
        guard readByteCount == pendingByteCount else {
            OpenSSLErrorQueue.fatal("BIO_read")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
