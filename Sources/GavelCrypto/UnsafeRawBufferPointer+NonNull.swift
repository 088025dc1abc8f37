extension UnsafeRawBufferPointer {
    /// Calls `body` with a pointer that is never nil, even for an empty buffer.
    ///
    /// Empty Swift buffers may have a nil base address, and some OpenSSL entry points treat a nil
    /// data pointer as "query only" or as an error even when the length is zero.
    func withNonNullBaseAddress<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        if let baseAddress {
            return body(baseAddress.assumingMemoryBound(to: UInt8.self))
        }
        var placeholder: UInt8 = 0
        return body(&placeholder)
    }
}
