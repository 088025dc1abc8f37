import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import GavelServer

@Suite("GET /metrics over an embedded HTTP pipeline")
struct MetricsHTTPHandlerTests {
    static let exposition = "# TYPE gavel_connections gauge\ngavel_connections 2.0\n"

    /// The whole response to `request` as text, and whether the handler closed the connection.
    private func exchange(_ request: String, scrapeFails: Bool = false) throws -> (response: String, closed: Bool) {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
        try channel.pipeline.syncOperations.addHandler(
            MetricsHTTPHandler { loop in
                scrapeFails
                    ? loop.makeFailedFuture(ChannelError.ioOnClosedChannel)
                    : loop.makeSucceededFuture(Array(Self.exposition.utf8))
            })
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9464)).wait()
        try channel.writeInbound(channel.allocator.buffer(string: request))
        channel.embeddedEventLoop.run()
        var response = ""
        while let part = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(var buffer) = part else { continue }
            response += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        let closed = !channel.isActive
        _ = try? channel.finish()
        return (response, closed)
    }

    private func header(_ name: String, in response: String) -> String? {
        response.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }
            .map { String($0.dropFirst(name.count + 2)) }
    }

    @Test("GET /metrics is 200 with Prometheus' text content type and the exposition as its body")
    func metrics() throws {
        let (response, closed) = try exchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(header("Content-Type", in: response) == "text/plain; version=0.0.4; charset=utf-8")
        #expect(header("Content-Length", in: response) == String(Self.exposition.utf8.count))
        #expect(response.hasSuffix("\r\n\r\n" + Self.exposition))
        #expect(!closed, "HTTP/1.1 keeps the connection for the next scrape")
    }

    @Test("a query string is ignored; Connection: close closes after the response")
    func queryAndClose() throws {
        let (response, closed) = try exchange("GET /metrics?name[]=x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(header("Connection", in: response) == "close")
        #expect(closed)
    }

    @Test(
        "anything but GET /metrics is 404",
        arguments: [
            "GET / HTTP/1.1", "GET /metricsx HTTP/1.1", "GET /metrics/ HTTP/1.1", "POST /metrics HTTP/1.1",
            "HEAD /metrics HTTP/1.1", "PUT /metrics HTTP/1.1",
        ])
    func notFound(requestLine: String) throws {
        let (response, _) = try exchange(requestLine + "\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
        #expect(response.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(!response.contains("gavel_connections"))
    }

    @Test("a scrape that fails is 503, not an empty 200")
    func scrapeFails() throws {
        let (response, _) = try exchange("GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n", scrapeFails: true)
        #expect(response.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
    }
}
