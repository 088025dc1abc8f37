import GavelCore
import GavelWire
import Testing

/// What a framer made of some input: the lines it handed out, and whether it then refused a line.
struct Framed: Equatable {
    var lines: [String] = []
    var tooLong = false
}

/// Feeds `chunks` one by one, taking every complete line after each, until a line is too long.
func frame(_ chunks: [[UInt8]], maxLineBytes: Int = LineFramer.defaultMaxLineBytes) -> Framed {
    var framer = LineFramer(maxLineBytes: maxLineBytes)
    var framed = Framed()
    for chunk in chunks {
        framer.append(chunk)
        guard drain(&framer, into: &framed) else { return framed }
    }
    return framed
}

/// Takes lines until none is complete; `false` once the framer refuses a line.
func drain(_ framer: inout LineFramer, into framed: inout Framed) -> Bool {
    do {
        while let line = try framer.nextLine() { framed.lines.append(text(line)) }
        return true
    } catch {
        #expect(error == .lineTooLong(maximumBytes: framer.maxLineBytes))
        framed.tooLong = true
        return false
    }
}

func frame(_ input: String, maxLineBytes: Int = LineFramer.defaultMaxLineBytes) -> Framed {
    frame([Array(input.utf8)], maxLineBytes: maxLineBytes)
}

@Suite struct LineFramerTests {
    @Test("hasPartialLine: bytes of a line without its LF are held, whatever was taken before")
    func partialLine() throws {
        var framer = LineFramer()
        #expect(!framer.hasPartialLine)
        framer.append(Array("PI".utf8))
        #expect(framer.hasPartialLine)
        framer.append(Array("NG\n".utf8))
        #expect(!framer.hasPartialLine)
        #expect(try framer.nextLine() == Array("PING".utf8))
        framer.append(Array("QUIT\nPI".utf8))
        #expect(framer.hasPartialLine)
        #expect(try framer.nextLine() == Array("QUIT".utf8))
        #expect(framer.hasPartialLine)
    }

    @Test func cutsLinesAtLF() {
        #expect(frame("PING\nQUIT\n") == Framed(lines: ["PING", "QUIT"]))
    }

    @Test func keepsAnUnfinishedLineUntilItsLF() {
        var framer = LineFramer()
        var framed = Framed()
        framer.append(Array("PI".utf8))
        #expect(drain(&framer, into: &framed))
        #expect(framed.lines.isEmpty)
        framer.append(Array("NG\nQU".utf8))
        #expect(drain(&framer, into: &framed))
        #expect(framed.lines == ["PING"])
        #expect(framer.bufferedByteCount == 2)
    }

    @Test(arguments: [
        ("PING\r\n", ["PING"]), ("PING\r\r\n", ["PING\r"]), ("A\rB\n", ["A\rB"]), ("\r\n", [""]), ("\n", [""]),
        ("\n\n", ["", ""]), ("\rPING\n", ["\rPING"]), ("PING\r", []), ("PING\r\nQUIT\n", ["PING", "QUIT"]),
    ])
    func dropsOnlyTheCRBeforeTheLF(input: String, lines: [String]) {
        #expect(frame(input) == Framed(lines: lines))
    }

    @Test func crLFEndedLineOfExactlyTheLimitFits() {
        #expect(frame("12345678\r\n", maxLineBytes: 8) == Framed(lines: ["12345678"]))
        #expect(frame("12345678\n", maxLineBytes: 8) == Framed(lines: ["12345678"]))
    }

    @Test(arguments: ["123456789\n", "123456789", "12345678\rX", "12345678\r\r", "1234567\r\r\rX"])
    func lineOverTheLimitIsRefused(input: String) {
        #expect(frame(input, maxLineBytes: 8) == Framed(tooLong: true))
    }

    @Test func tooLongIsFoundBeforeTheLFArrives() {
        var framer = LineFramer(maxLineBytes: 8)
        var framed = Framed()
        framer.append(Array("12345678".utf8))
        #expect(drain(&framer, into: &framed))
        framer.append([UInt8(ascii: "9")])
        #expect(!drain(&framer, into: &framed))
        #expect(framed.tooLong)
    }

    @Test func linesBeforeATooLongOneAreStillHandedOut() {
        #expect(frame("OK\nFINE\n123456789\nPING\n", maxLineBytes: 8) == Framed(lines: ["OK", "FINE"], tooLong: true))
    }

    @Test func staysRefusedAfterATooLongLine() throws {
        var framer = LineFramer(maxLineBytes: 4)
        framer.append(Array("12345".utf8))
        #expect(throws: GavelError.lineTooLong(maximumBytes: 4)) { try framer.nextLine() }
        framer.append(Array("\nPING\n".utf8))
        #expect(throws: GavelError.lineTooLong(maximumBytes: 4)) { try framer.nextLine() }
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func defaultLimitIs4096Bytes() {
        let longest = String(repeating: "a", count: 4096)
        #expect(LineFramer().maxLineBytes == 4096)
        #expect(frame(longest + "\r\n") == Framed(lines: [longest]))
        #expect(frame(longest + "a\n") == Framed(tooLong: true))
    }

    @Test func memoryStaysBoundedWithoutALF() {
        var framer = LineFramer()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        for _ in 0..<1000 {
            framer.append(chunk)
            #expect(framer.bufferedByteCount <= LineFramer.defaultMaxLineBytes + 1)
        }
        #expect(throws: GavelError.lineTooLong(maximumBytes: 4096)) { try framer.nextLine() }
    }

    @Test func takenLinesAreReleased() throws {
        var framer = LineFramer()
        for _ in 0..<10_000 {
            framer.append(Array("BID 7 25000.00 ref=abc\nPI".utf8))
            while try framer.nextLine() != nil {}
            framer.append(Array("NG\n".utf8))
            #expect(try framer.nextLine() == Array("PING".utf8))
            #expect(framer.bufferedByteCount == 0)
        }
    }

    static let inputs = [
        "PING\nQUIT\n", "BID 7 25000.00 ref=a\r\nBID 8 1\r\n\r\nHELP\n", "A\rB\r\r\n\n\rC\n", "OK\n123456789\nPING\n",
        "1234567\r\r\n12345678\r\n", "12345678\rX\n", "no newline at all", "\n\n\n", "x\n12345678\r", "é\nü\r\n",
    ]

    /// Split at every point, or cut into single bytes: the framer sees the same lines.
    @Test(arguments: inputs)
    func everySplitGivesTheSameLines(input: String) {
        let bytes = Array(input.utf8)
        let whole = frame([bytes], maxLineBytes: 8)
        for cut in 0...bytes.count {
            #expect(frame([Array(bytes[..<cut]), Array(bytes[cut...])], maxLineBytes: 8) == whole, "cut at \(cut)")
        }
        #expect(frame(bytes.map { [$0] }, maxLineBytes: 8) == whole)
    }

    @Test(arguments: inputs)
    func everyPairOfSplitsGivesTheSameLines(input: String) {
        let bytes = Array(input.utf8)
        let whole = frame([bytes], maxLineBytes: 8)
        for first in 0...bytes.count {
            for second in first...bytes.count {
                let chunks = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                #expect(frame(chunks, maxLineBytes: 8) == whole, "cuts at \(first) and \(second)")
            }
        }
    }

    @Test(arguments: inputs)
    func appendingEverythingBeforeTakingGivesTheSameLines(input: String) {
        let bytes = Array(input.utf8)
        var framer = LineFramer(maxLineBytes: 8)
        for byte in bytes { framer.append([byte]) }
        var framed = Framed()
        _ = drain(&framer, into: &framed)
        #expect(framed == frame([bytes], maxLineBytes: 8))
    }

    @Test func takesRawBytesAndSaysWhetherALineEnded() throws {
        var framer = LineFramer()
        let bytes = Array("xxPING\nyy".utf8)
        let endedLine = bytes.withUnsafeBytes { framer.append(UnsafeRawBufferPointer(rebasing: $0[2..<7])) }
        #expect(endedLine)
        let endedWithQU = framer.append(Array("QU".utf8))
        let endedWithIT = framer.append(Array("IT\n".utf8))
        #expect(!endedWithQU)
        #expect(endedWithIT)
        #expect(try framer.nextLine() == Array("PING".utf8))
        #expect(try framer.nextLine() == Array("QUIT".utf8))
        #expect(try framer.nextLine() == nil)
    }

    @Test func framedLinesParse() throws {
        var framer = LineFramer()
        framer.append(Array("ping\r\nbid\t7  100\r\n\r\n".utf8))
        #expect(try framer.nextLine().map { try Command(parsing: $0) } == .ping)
        #expect(
            try framer.nextLine().map { try Command(parsing: $0) }
                == .bid(.id(round(7)), amount: dollars(100), ref: nil))
        #expect(throws: GavelError.syntax("empty line")) { try framer.nextLine().map { try Command(parsing: $0) } }
    }
}
