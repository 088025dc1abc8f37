#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `HOST:PORT` that names this machine: an IPv4 address in 127.0.0.0/8, `::1` (written `[::1]:PORT`)
/// or `localhost`. Load is never aimed at another machine.
public struct LoopbackAddress: Hashable, Sendable, CustomStringConvertible {
    /// Without brackets: `127.0.0.1`, `::1` or `localhost`.
    public let host: String
    public let port: Int

    public init(host: String, port: Int) throws(LoadError) {
        guard Self.isLoopback(host) else { throw .notLoopback(host) }
        guard (1...65_535).contains(port) else { throw .invalidOption("port \(port) is not 1 to 65535") }
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:7070`, `localhost:7070` or `[::1]:7070`.
    public init(parsing text: String) throws(LoadError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .invalidOption("\(text) is not [HOST]:PORT") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw .invalidOption("\(text) is not HOST:PORT (write IPv6 as [::1]:PORT)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText) else { throw .invalidOption("\(text) has no numeric port") }
        try self.init(host: String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Only literal addresses and the name `localhost`: other names could resolve anywhere.
    public static func isLoopback(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, host, &ipv6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
        return bytes == [UInt8](repeating: 0, count: 15) + [1]
    }
}
