import NIOCore

/// The far end of the TLS test: greets like gaveld and answers every line with `OK pong`.
final class PongHandler: ChannelInboundHandler {
    typealias InboundIn = String
    typealias OutboundOut = ByteBuffer

    let hello: String

    init(hello: String) {
        self.hello = hello
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: hello)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "OK pong\n")), promise: nil)
    }
}
