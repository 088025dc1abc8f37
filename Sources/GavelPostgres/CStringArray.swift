import Foundation

/// C strings that outlive a single expression: libpq takes arrays of `const char *`, and Swift's implicit
/// string bridging only keeps one pointer alive per call argument.
final class CStringArray {
    private let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String?]) {
        // strdup only fails when memory is exhausted; continuing would silently turn a value into NULL.
        pointers = strings.map { string in string.map { strdup($0)! } }
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }

    func withPointers<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T) rethrows -> T {
        let constPointers = pointers.map { pointer in pointer.map { UnsafePointer($0) } }
        return try constPointers.withUnsafeBufferPointer { buffer in try body(buffer.baseAddress) }
    }
}
