import NIOCore
import NIOHTTP1

/// A minimal HTTP/1.1 responder: `GET /metrics` gets the Prometheus text exposition, anything else 404.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    /// Renders the exposition; the future completes on the loop it is given.
    typealias Scrape = @Sendable (any EventLoop) -> EventLoopFuture<[UInt8]>

    static let path = "/metrics"
    /// Prometheus' text format, version 0.0.4.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let scrape: Scrape
    private var request: HTTPRequestHead?

    init(scrape: @escaping Scrape) {
        self.scrape = scrape
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func respond(to head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        let path = head.uri.prefix { $0 != "?" }
        guard head.method == .GET, path == Self.path else {
            return send(.notFound, contentType: "text/plain; charset=utf-8", Array("not found\n".utf8), head, context)
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        scrape(context.eventLoop).whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let body):
                handler.send(.ok, contentType: Self.contentType, body, head, context)
            case .failure:
                handler.send(
                    .serviceUnavailable, contentType: "text/plain; charset=utf-8", Array("unavailable\n".utf8), head,
                    context)
            }
        }
    }

    private func send(
        _ status: HTTPResponseStatus, contentType: String, _ body: [UInt8], _ request: HTTPRequestHead,
        _ context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.count))])
        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        let channel = context.channel
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive { written.whenComplete { _ in channel.close(promise: nil) } }
    }
}
