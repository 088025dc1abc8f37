import Foundation

/// Opens blocking TCP connections to 127.0.0.1 for the tests' raw clients.
enum LoopbackSocket {
    /// A connected descriptor, or a throw with nothing left open. `source` binds the client's end to
    /// another loopback address (`127.0.0.2`) first; `receiveBufferBytes` shrinks SO_RCVBUF before connecting.
    static func connect(port: Int, source: String? = nil, receiveBufferBytes: Int32? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LineClient.ClientError.io("socket") }
        if var bytes = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
        }
        if let source {
            guard call(fd, address(source, port: 0), bind) == 0 else {
                let error = errno
                close(fd)
                throw LineClient.ClientError.io("bind \(source): \(error)")
            }
        }
        guard call(fd, address("127.0.0.1", port: port), Glibc.connect) == 0 else {
            let error = errno
            close(fd)
            throw LineClient.ClientError.io("connect: \(error)")
        }
        return fd
    }

    private static func address(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        return address
    }

    private static func call(
        _ fd: Int32, _ address: sockaddr_in, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32 {
        withUnsafePointer(to: address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
