import DequeModule
import GavelCore
import NIOCore

/// The connection's one stateful handler, confined to its event loop: writes commands, matches each
/// reply to the oldest command still waiting (the server answers in command order), gathers a
/// listing's rows, and passes events on.
///
/// Replies complete `EventLoopPromise`s right here on the loop, so a caller that chains on the
/// future (the load generator) pays no task switch per reply. Writes made while replies are being
/// read are flushed once, when the read burst ends, so a pipelining caller that sends a command per
/// reply costs one syscall per burst rather than one per command.
final class GavelClientHandler: ChannelInboundHandler {
    typealias InboundIn = String
    typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?
    private var waiting: Deque<EventLoopPromise<ServerReply>> = []
    private var rows: [ReplyFields] = []
    /// Until `* HELLO` arrives; `nil` afterwards.
    private var hello: EventLoopPromise<ServerEventLine>?
    /// The greeting, held until the end of its read burst: a refusal (`ERR TOO_MANY_CONNECTIONS`) comes
    /// right after it, and then the connection must fail rather than open.
    private var greeting: ServerEventLine?
    private let events: AsyncStream<ServerEventLine>.Continuation
    private var isReading = false
    private var needsFlush = false
    /// Set once the connection cannot carry commands any more; new commands fail with it at once.
    private var closedReason: GavelClientError?

    init(hello: EventLoopPromise<ServerEventLine>, events: AsyncStream<ServerEventLine>.Continuation) {
        self.hello = hello
        self.events = events
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(with: closedReason ?? .connectionClosed)
        self.context = nil
    }

    /// Writes `bytes` (one or more command lines) and waits for one reply per entry of `replies`.
    func send(_ bytes: ByteBuffer, replies: some Sequence<EventLoopPromise<ServerReply>>) {
        guard let context, closedReason == nil else {
            for reply in replies { reply.fail(closedReason ?? .connectionClosed) }
            return
        }
        waiting.append(contentsOf: replies)
        context.write(wrapOutboundOut(bytes), promise: nil)
        if isReading {
            needsFlush = true
        } else {
            context.flush()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        isReading = true
        let text = unwrapInboundIn(data)
        let line: ServerLine
        do {
            line = try ServerLine(parsing: text)
        } catch {
            return violate(error, context)
        }
        switch line {
        case .row(let fields):
            guard hello == nil, !waiting.isEmpty else { return violate(.protocolViolation(line: text), context) }
            rows.append(fields)
        case .ok(let fields):
            let listing = rows
            rows = []
            answer(.success(.ok(fields, rows: listing)), line: text, context)
        case .error(let code, let message):
            guard let code else { return answer(.failure(.unknownErrorCode(line: text)), line: text, context) }
            answer(.success(.error(code: code, message: message)), line: text, context)
        case .event(let event):
            received(event, context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        isReading = false
        if let greeting, let hello {
            self.hello = nil
            self.greeting = nil
            hello.succeed(greeting)
        }
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(with: closedReason ?? .connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(with: error as? GavelClientError ?? .io(String(describing: error)))
        context.close(promise: nil)
    }

    private func answer(_ reply: Result<ServerReply, GavelClientError>, line: String, _ context: ChannelHandlerContext)
    {
        if let hello {
            // An ERR before the greeting is handed out is the server refusing the connection
            // (TOO_MANY_CONNECTIONS), with or without a HELLO before it.
            guard case .success(.error(let code, let message)) = reply else {
                return violate(.protocolViolation(line: line), context)
            }
            self.hello = nil
            greeting = nil
            hello.fail(GavelClientError.refused(code: code, message: message))
            return
        }
        guard let promise = waiting.popFirst() else { return violate(.protocolViolation(line: line), context) }
        switch reply {
        case .success(let reply): promise.succeed(reply)
        case .failure(let error): promise.fail(error)
        }
    }

    private func received(_ event: ServerEventLine, _ context: ChannelHandlerContext) {
        guard hello != nil else {
            events.yield(event)
            return
        }
        guard event.name == "HELLO", greeting == nil else {
            return violate(.protocolViolation(line: event.line), context)
        }
        greeting = event
    }

    /// Replies can no longer be matched to commands: every waiting command fails and the connection closes.
    private func violate(_ error: GavelClientError, _ context: ChannelHandlerContext) {
        fail(with: error)
        context.close(promise: nil)
    }

    private func fail(with reason: GavelClientError) {
        if closedReason == nil { closedReason = reason }
        hello?.fail(reason)
        hello = nil
        while let promise = waiting.popFirst() { promise.fail(reason) }
        rows = []
        events.finish()
    }
}
