import GavelCore
import GavelWire
import PropertyBased
import Testing

/// The codes parsing may throw: everything else (NOT_FOUND, SEALED, ...) needs the state.
private let parseErrorCodes: Set<ErrorCode> = [.syntax, .unknownCommand, .badHandle, .badAmount, .notFound]

/// Words that make random lines look like commands often enough to reach deep into the parser.
private let tokens = [
    "BID", "bid", "WITHDRAW", "OPEN", "open", "BIDDER", "ADD", "verify", "SUSPEND", "HANDLE", "SET", "LEDGER", "VERIFY",
    "ROUNDS", "ROUND", "MYBIDS", "RECEIPT", "PROOF", "WATCH", "CANCEL", "EXTEND", "AUTH", "PING", "INQUIRE", "@acme",
    "acme", "@123", "7", "0", "007", "all", "25000.00", "1.234", "-5", "1h", "30m", "0d", "ref=a", "ref=", "ref=a b",
    "state=all", "state=open", "reserve=10000", "duration=1h", "closes=2026-11-24T16:00:00Z",
    "opens=2026-11-24T15:00:00Z",
    "format=second", "reserve_visibility=secret", "reason=-", "reason=fraud", "status=active", "verified=yes",
    "role=auctioneer", "=", "@", "x=y", "\t", "", "\0", "é", "bıd", "\r",
]

private let separators = [" ", "\t", "  ", " \t "]

private let handleAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
private let refAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

/// Parses `bytes`; when that works, the command's own line must parse back to the same command.
private func checkParseRoundTrip(_ bytes: [UInt8]) {
    do {
        let command = try Command(parsing: bytes)
        #expect(try Command(parsing: Array(command.description.utf8)) == command)
    } catch {
        #expect(parseErrorCodes.contains(error.code))
    }
}

@Suite struct WirePropertyTests {
    @Test func parseNeverCrashesOnRandomBytes() async {
        await propertyCheck(count: 2000, input: Gen<UInt8>.value(in: 0...255).array(of: 0...300)) { bytes in
            checkParseRoundTrip(bytes)
        }
    }

    @Test func parseNeverCrashesOnRandomCommandLikeLines() async {
        let words = Gen<String?>.element(of: tokens).array(of: 0...8)
        let gaps = Gen<String?>.element(of: separators).array(of: 9)
        await propertyCheck(count: 5000, input: words, gaps) { words, gaps in
            var line = gaps[0] ?? " "
            for (word, gap) in zip(words, gaps.dropFirst()) { line += (word ?? "") + (gap ?? " ") }
            checkParseRoundTrip(Array(line.utf8))
        }
    }

    @Test func bidLineRoundTrips() async {
        let reference = zip(
            Gen.bool, Gen.int64(in: 1...999_999_999_999_999_999),
            Gen<Character?>.element(of: handleAlphabet).array(of: 1...15),
            Gen.bool)
        let amount = Gen.int64(in: 1...Money.absoluteMaximum.cents)
        let optionalRef = zip(Gen.bool, Gen<Character?>.element(of: refAlphabet).array(of: 1...64))
        let gaps = Gen<String?>.element(of: separators).array(of: 4)
        await propertyCheck(count: 2000, input: reference, amount, optionalRef, gaps) {
            reference, cents, optionalRef, gaps in
            let (byID, id, handleCharacters, withAt) = reference
            let handleText = String(handleCharacters.compactMap { $0 })
            let allDigits = handleText.allSatisfy(\.isNumber)
            let roundWord = byID ? String(id) : (withAt || allDigits ? "@" : "") + handleText
            let expectedRound: RoundReference = byID ? .id(RoundID(id)) : .handle(handle(handleText))
            let refText = optionalRef.0 ? String(optionalRef.1.compactMap { $0 }) : nil
            let gap = gaps.map { $0 ?? " " }
            let line =
                gap[0] + "BID" + gap[1] + roundWord + gap[2] + Money(cents: cents).description
                + (refText.map { gap[3] + "ref=" + $0 } ?? "") + gap[3]
            let expected = Command.bid(expectedRound, amount: Money(cents: cents), ref: refText.map(ref))
            #expect((try? parse(line)) == expected, "\(line)")
            #expect((try? parse(expected.description)) == expected)
        }
    }

    @Test func everySplitOfRandomInputFramesTheSame() async {
        let bytes = Gen<UInt8?>.element(of: Array("AB \r\n".utf8)).array(of: 0...64)
        let cuts = Gen.int(in: 0...64).array(of: 0...5)
        await propertyCheck(count: 2000, input: bytes, cuts) { bytes, cuts in
            let input = bytes.compactMap { $0 }
            var chunks: [[UInt8]] = []
            var start = 0
            for cut in cuts.map({ min($0, input.count) }).sorted() {
                chunks.append(Array(input[start..<cut]))
                start = cut
            }
            chunks.append(Array(input[start...]))
            #expect(frame(chunks, maxLineBytes: 8) == frame([input], maxLineBytes: 8))
        }
    }

    @Test func errLineIsOneLineWhateverTheMessage() async {
        await propertyCheck(count: 1000, input: Gen<UInt8>.value(in: 0...255).array(of: 0...80)) { bytes in
            let rendered = Reply.failure(.syntax(String(decoding: bytes, as: UTF8.self))).bytes
            #expect(rendered.filter { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } == [UInt8(ascii: "\n")])
            #expect(rendered.last == UInt8(ascii: "\n"))
        }
    }
}
