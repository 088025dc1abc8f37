import NIOCore

/// Cuts the server's bytes into lines, without the LF and a CR right before it.
///
/// A line longer than `maxLineBytes` fails the channel: the server's lines are short (a receipt is
/// about 350 bytes), and without a bound a broken peer could make the client buffer without end.
struct ClientLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    static let defaultMaxLineBytes = 65_536

    let maxLineBytes: Int
    /// Bytes already searched for a LF, so a long line that arrives in pieces is scanned once.
    private var scannedByteCount = 0

    init(maxLineBytes: Int = Self.defaultMaxLineBytes) {
        precondition(maxLineBytes > 0, "a line may hold at least one byte")
        self.maxLineBytes = maxLineBytes
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        let searchStart = view.index(view.startIndex, offsetBy: scannedByteCount)
        guard let newline = view[searchStart...].firstIndex(of: Self.lf) else {
            scannedByteCount = view.count
            guard view.count <= maxLineBytes + 1 else {
                throw GavelClientError.io("a line of over \(maxLineBytes) bytes")
            }
            return .needMoreData
        }
        scannedByteCount = 0
        var length = view.distance(from: view.startIndex, to: newline)
        let hasCR = length > 0 && view[view.index(before: newline)] == Self.cr
        if hasCR { length -= 1 }
        guard length <= maxLineBytes else { throw GavelClientError.io("a line of over \(maxLineBytes) bytes") }
        let line = buffer.readString(length: length)!
        buffer.moveReaderIndex(forwardBy: hasCR ? 2 : 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    /// A line cut short by the connection's end is dropped: it is no reply.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
}
