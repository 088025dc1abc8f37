import GavelCore
import GavelWire
import NIOCore

/// A line from the client, the notice that one was longer than `max_line`, or that a new line has begun
/// (bytes without a LF yet: `line_timeout_ms` runs from here).
enum FramedLine {
    case line([UInt8])
    case tooLong(GavelError)
    case lineStarted
}

/// Splits the byte stream into lines with GavelWire's `LineFramer`, so the protocol's framing rules
/// (LF, an optional CR, `max_line`) live in one pure, fuzzed place. After a line too long it reads
/// nothing more: the session answers and closes.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = FramedLine

    private var framer: LineFramer
    private var hasFailed = false
    /// Whether `lineStarted` was sent for the partial line held now.
    private var isPartialLineAnnounced = false

    init(maxLineBytes: Int) {
        framer = LineFramer(maxLineBytes: maxLineBytes)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        framer.append(buffer.readableBytesView)
        buffer.moveReaderIndex(to: buffer.writerIndex)
        while !hasFailed {
            do {
                guard let line = try framer.nextLine() else { break }
                // Any partial line held after this one is a new line.
                isPartialLineAnnounced = false
                context.fireChannelRead(wrapInboundOut(.line(line)))
            } catch {
                hasFailed = true
                context.fireChannelRead(wrapInboundOut(.tooLong(error)))
            }
        }
        if !hasFailed, framer.hasPartialLine, !isPartialLineAnnounced {
            isPartialLineAnnounced = true
            context.fireChannelRead(wrapInboundOut(.lineStarted))
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        try decode(context: context, buffer: &buffer)
    }
}
