/// Lower-case hexadecimal encoding, the form used for digests in logs and receipts.
public enum Hex {
    /// One allocation, the string's. Generic code called from another module runs unspecialized, and
    /// iterating a collection there allocated once per byte (32 per digest, on every BID's path): hence
    /// one loop over raw bytes, reached through the inlinable overload below.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            var index = 0
            for byte in bytes {
                output[index] = digit(byte >> 4)
                output[index + 1] = digit(byte & 0x0F)
                index += 2
            }
            return index
        }
    }

    @inlinable
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) {
            return encoded
        }
        return Array(bytes).withUnsafeBytes { encode($0) }
    }

    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
