import GavelServerConfiguration
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP listener for `GET /metrics`, on an address of its own so that scrapers never share the
/// protocol's port.
enum MetricsEndpoint {
    /// A scraper's connection that sends nothing for this long is closed; Prometheus scrapes every
    /// 15 to 60 seconds and reconnects when it needs to.
    static let idleTimeoutMs: Int64 = 120_000
    /// Scrapers are a handful of Prometheus servers; connections beyond this are closed at once.
    static let maxConnections = 32

    static func bind(
        _ address: ListenAddress, group: any EventLoopGroup, scrape: @escaping MetricsHTTPHandler.Scrape
    ) async throws -> any Channel {
        let connections = ConnectionCounter()
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                // Scrapers are counted together, whatever their address.
                let limits = ConnectionCounter.Limits(
                    maxTotal: Self.maxConnections, maxPerAddress: Self.maxConnections,
                    maxUnauthenticated: Self.maxConnections, maxUnauthenticatedPerAddress: Self.maxConnections)
                guard case .success(let ticket) = connections.admit(address: "scrapers", limits: limits) else {
                    return channel.close()
                }
                channel.closeFuture.whenComplete { _ in connections.release(ticket) }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(allTimeout: .milliseconds(Self.idleTimeoutMs)))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(MetricsHTTPHandler(scrape: scrape))
                }
            }
            .bind(host: address.host, port: address.port).get()
    }
}
