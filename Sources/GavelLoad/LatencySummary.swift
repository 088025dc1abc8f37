import Histogram

/// Latency percentiles in milliseconds, from a histogram of microseconds.
public struct LatencySummary: Codable, Hashable, Sendable {
    public let p50Ms: Double
    public let p90Ms: Double
    public let p99Ms: Double
    public let p999Ms: Double
    public let maxMs: Double
    public let meanMs: Double

    init(_ histogramUs: Histogram<UInt32>) {
        func ms(_ microseconds: UInt64) -> Double { Double(microseconds) / 1000 }
        let isEmpty = histogramUs.totalCount == 0
        p50Ms = isEmpty ? 0 : ms(histogramUs.valueAtPercentile(50))
        p90Ms = isEmpty ? 0 : ms(histogramUs.valueAtPercentile(90))
        p99Ms = isEmpty ? 0 : ms(histogramUs.valueAtPercentile(99))
        p999Ms = isEmpty ? 0 : ms(histogramUs.valueAtPercentile(99.9))
        maxMs = isEmpty ? 0 : ms(histogramUs.max)
        meanMs = isEmpty ? 0 : histogramUs.mean / 1000
    }
}
