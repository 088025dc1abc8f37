import Foundation

/// A client that sends and never reads, with a small receive buffer so that the server's replies back up
/// at once. Only its descriptor is kept, so the flood can run on another thread.
struct FloodingClient: Sendable {
    private let fd: Int32

    init(port: Int) throws {
        fd = try LoopbackSocket.connect(port: port, receiveBufferBytes: 4_096)
    }

    /// Sends `text` whole, with blocking writes.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard flood(bytes, totalBytes: bytes.count) == bytes.count else {
            throw LineClient.ClientError.io("send: \(errno)")
        }
    }

    /// Sends `chunk` over and over, with blocking writes, until `totalBytes` are sent or the connection
    /// fails; the bytes sent.
    func flood(_ chunk: [UInt8], totalBytes: Int) -> Int {
        var sent = 0
        var offset = 0
        while sent < totalBytes {
            let written = chunk[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return sent }
            sent += written
            offset = (offset + written) % chunk.count
        }
        return sent
    }

    func close() {
        Glibc.close(fd)
    }
}
