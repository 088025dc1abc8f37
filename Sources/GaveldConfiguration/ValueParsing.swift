import GavelCore
import Logging

/// Parsers from the text of a configuration value (an environment variable, a flag, or a file value as
/// canonical text) to the value itself. Each throws a reason an operator can act on.
enum ValueParsing {
    static let basisPointsPerPercent: Int64 = 100
    static let maximumBasisPoints: Int64 = 10_000
    static let maximumHandlesInTier = 1_000_000

    /// `HOST:PORT`; an IPv6 host is written in brackets: `[::1]:7070`. Port 0 asks for any free port.
    static func listen(_ text: String) throws(ValueError) -> (host: String, port: Int) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else {
                throw ValueError("\"\(text)\" is not [IPV6]:PORT")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ValueError("\"\(text)\" is not HOST:PORT (for example 127.0.0.1:7070)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else {
                throw ValueError("\"\(text)\": write an IPv6 host in brackets, as in [::1]:7070")
            }
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
            throw ValueError("\"\(text)\" has no host (for example 127.0.0.1:7070)")
        }
        guard let port = digits(portText), port <= 65_535 else {
            throw ValueError("\"\(text)\" has no port from 0 to 65535")
        }
        return (String(host), port)
    }

    static func integer(_ text: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        guard let value = digits(text[...]) else { throw ValueError("\"\(text)\" is not a whole number") }
        guard range.contains(value) else {
            throw ValueError("\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    static func dollars(_ text: String) throws(ValueError) -> Money {
        do {
            return try Money.parse(text)
        } catch {
            throw ValueError("\"\(text)\": \(error)")
        }
    }

    /// A percentage with at most two decimals, `"5"` or `"7.5"`, as basis points (7.5 % is 750).
    static func percent(_ text: String) throws(ValueError) -> Int64 {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = digits(parts[0]), whole <= 100 else {
            throw ValueError("percent \"\(text)\" is not a number from 0 to 100 such as 5 or 7.5")
        }
        var hundredths = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), let fraction = digits(parts[1]) else {
                throw ValueError("percent \"\(text)\" has more than two decimals or none after the dot")
            }
            hundredths = parts[1].count == 1 ? fraction * 10 : fraction
        }
        let basisPoints = Int64(whole) * basisPointsPerPercent + Int64(hundredths)
        guard basisPoints <= maximumBasisPoints else { throw ValueError("percent \"\(text)\" is above 100") }
        return basisPoints
    }

    /// `MIN_HANDLES:PERCENT,...`, e.g. `2:5,5:10,10:15`; empty means no tiers.
    static func handleTiers(_ text: String) throws(ValueError) -> [DiscountPolicy.HandleTier] {
        var tiers: [DiscountPolicy.HandleTier] = []
        for (threshold, percentText) in try pairs(text, example: "2:5,5:10,10:15") {
            guard let handles = digits(threshold[...]), (1...maximumHandlesInTier).contains(handles) else {
                throw ValueError("\"\(threshold)\" is not a number of handles from 1 to \(maximumHandlesInTier)")
            }
            tiers.append(.init(minimumHandles: handles, basisPoints: try percent(percentText)))
        }
        return tiers
    }

    /// `MIN_SUBTOTAL:PERCENT,...`, e.g. `1000000.00:7.5`; empty means no tiers.
    static func valueTiers(_ text: String) throws(ValueError) -> [DiscountPolicy.ValueTier] {
        var tiers: [DiscountPolicy.ValueTier] = []
        for (threshold, percentText) in try pairs(text, example: "1000000.00:7.5") {
            tiers.append(.init(minimumSubtotal: try dollars(threshold), basisPoints: try percent(percentText)))
        }
        return tiers
    }

    static func logLevel(_ text: String) throws(ValueError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValueError("\"\(text)\" is not one of \(names)")
        }
        return level
    }

    /// `true` or `false`, as JSON spells them; anything else is refused rather than guessed at.
    static func boolean(_ text: String) throws(ValueError) -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw ValueError("\"\(text)\" is not true or false")
        }
    }

    static func directory(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty, !text.contains("\0") else { throw ValueError("a directory must be a non-empty path") }
        return text
    }

    /// Decimal digits only: no sign, no spaces, no underscores.
    private static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private static func pairs(_ text: String, example: String) throws(ValueError) -> [(String, String)] {
        guard !text.isEmpty else { return [] }
        var pairs: [(String, String)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw ValueError("\"\(item)\" is not THRESHOLD:PERCENT (write tiers as \(example))")
            }
            pairs.append((trimmed(parts[0]), trimmed(parts[1])))
        }
        return pairs
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
