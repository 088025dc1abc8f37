import Logging
import NIOCore

/// Back-pressure for a client that sends commands without reading the replies. While its connection is
/// unwritable (more than `max_output_buffer_bytes` of replies buffered), the reads the channel asks for are
/// held: its further commands stay in the kernel and its own sends block, instead of the server buffering
/// ever more replies. Reads resume once the client has read enough. A connection that stays unwritable for
/// `slow_reader_timeout_ms` is closed without another word.
final class SlowReaderGuard: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let timeoutMs: Int64
    private let statistics: BackPressureStatistics
    private let logger: Logger
    private var isReadHeld = false
    /// Armed when the connection turns unwritable, cancelled when it turns writable again.
    private var closeTimer: Scheduled<Void>?

    init(timeoutMs: Int64, statistics: BackPressureStatistics, logger: Logger) {
        self.timeoutMs = timeoutMs
        self.statistics = statistics
        self.logger = logger
    }

    func read(context: ChannelHandlerContext) {
        guard !context.channel.isWritable else { return context.read() }
        if !isReadHeld { statistics.recordHeldRead() }
        isReadHeld = true
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            closeTimer?.cancel()
            closeTimer = nil
            if isReadHeld {
                isReadHeld = false
                context.read()
            }
        } else if closeTimer == nil {
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            closeTimer = context.eventLoop.scheduleTask(in: .milliseconds(timeoutMs)) {
                let (guardian, context) = bound.value
                guardian.closeSlowReader(context)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        closeTimer = nil
        context.fireChannelInactive()
    }

    private func closeSlowReader(_ context: ChannelHandlerContext) {
        closeTimer = nil
        guard !context.channel.isWritable else { return }
        let bufferedBytes = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        statistics.recordSlowReaderClosed(bufferedBytes: bufferedBytes)
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        logger.warning(
            "closing \(address): it read no replies for \(timeoutMs) ms (\(bufferedBytes) bytes of replies waiting)")
        context.close(promise: nil)
    }
}
