import GavelCore
import Testing

@testable import GaveldConfiguration

@Suite("gaveld configuration: value syntax")
struct ValueParsingTests {
    @Test(
        "a percent becomes basis points without a float",
        arguments: [("0", 0), ("5", 500), ("7.5", 750), ("7.50", 750), ("0.01", 1), ("12.25", 1_225), ("100", 10_000)]
            as [(String, Int64)])
    func percent(text: String, basisPoints: Int64) throws {
        #expect(try ValueParsing.percent(text) == basisPoints)
        #expect(try ValueParsing.percent(ValueRendering.percent(basisPoints: basisPoints)) == basisPoints)
    }

    @Test(
        "a percent outside 0...100 or with three decimals is refused",
        arguments: ["100.01", "101", "7.555", "-1", "", ".5", "5.", "5%", "7,5", "1e1"])
    func badPercent(text: String) {
        #expect(throws: ValueError.self) { try ValueParsing.percent(text) }
    }

    @Test("listen takes HOST:PORT, with IPv6 hosts in brackets")
    func listen() throws {
        #expect(try ValueParsing.listen("127.0.0.1:7070") == ("127.0.0.1", 7070))
        #expect(try ValueParsing.listen("localhost:0") == ("localhost", 0))
        #expect(try ValueParsing.listen("[::1]:7070") == ("::1", 7070))
        #expect(ValueRendering.listen(host: "::1", port: 7070) == "[::1]:7070")
        for bad in ["7070", "host:", ":7070", "host:65536", "host:-1", "::1:7070", "[::1]7070", "a b:1"] {
            #expect(throws: ValueError.self, "\(bad)") { try ValueParsing.listen(bad) }
        }
    }

    @Test("tiers are THRESHOLD:PERCENT pairs; empty means none")
    func tiers() throws {
        #expect(try ValueParsing.handleTiers("").isEmpty)
        #expect(try ValueParsing.valueTiers("").isEmpty)
        let handles = try ValueParsing.handleTiers("2:5, 5:10 ,10:15")
        #expect(handles == DiscountPolicy.standard.handleTiers)
        let values = try ValueParsing.valueTiers("1000000.00:7.5")
        #expect(values == DiscountPolicy.standard.valueTiers)
        #expect(ValueRendering.handleTiers(handles) == "2:5,5:10,10:15")
        #expect(ValueRendering.valueTiers(values) == "1000000.00:7.5")
    }

    @Test("log levels are swift-log's names, in any case")
    func logLevel() throws {
        #expect(try ValueParsing.logLevel("warning") == .warning)
        #expect(try ValueParsing.logLevel("DEBUG") == .debug)
        #expect(throws: ValueError.self) { try ValueParsing.logLevel("warn") }
    }
}
