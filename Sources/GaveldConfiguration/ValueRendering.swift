import GavelCore

/// The canonical text of values, the inverse of `ValueParsing`: how defaults and file values are handed to
/// the configuration reader.
enum ValueRendering {
    static func percent(basisPoints: Int64) -> String {
        let whole = basisPoints / ValueParsing.basisPointsPerPercent
        let hundredths = basisPoints % ValueParsing.basisPointsPerPercent
        if hundredths == 0 { return "\(whole)" }
        if hundredths % 10 == 0 { return "\(whole).\(hundredths / 10)" }
        return "\(whole).\(hundredths < 10 ? "0" : "")\(hundredths)"
    }

    static func handleTiers(_ tiers: [DiscountPolicy.HandleTier]) -> String {
        tiers.map { "\($0.minimumHandles):\(percent(basisPoints: $0.basisPoints))" }.joined(separator: ",")
    }

    static func valueTiers(_ tiers: [DiscountPolicy.ValueTier]) -> String {
        tiers.map { "\($0.minimumSubtotal):\(percent(basisPoints: $0.basisPoints))" }.joined(separator: ",")
    }

    static func listen(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
