import Foundation

/// One `GET /metrics` over a plain TCP socket, and the samples of its Prometheus text body.
struct MetricsScrape {
    let statusLine: String
    let headers: [String: String]
    /// Each sample line's value by its series, `name{label="value",...}` exactly as exposed.
    let samples: [String: Double]

    init(port: Int) throws {
        let client = try LineClient(port: port)
        try client.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        var lines: [String] = []
        while true {
            do {
                lines.append(try client.readLine())
            } catch LineClient.ClientError.closed {
                break
            }
        }
        statusLine = lines.first?.trimmingCharacters(in: .newlines) ?? ""
        var headers: [String: String] = [:]
        var index = 1
        while index < lines.count, lines[index] != "\r" {
            let parts = lines[index].trimmingCharacters(in: .newlines).split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            index += 1
        }
        self.headers = headers
        var samples: [String: Double] = [:]
        for line in lines.dropFirst(index + 1) where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    subscript(_ series: String) -> Double? { samples[series] }
}
