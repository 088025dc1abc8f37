import GavelCore
import GavelWire

/// libFuzzer's entry point: the bytes a client could send on one connection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzCommandParser.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Frames the bytes into lines and parses each line as a command. Nothing may crash, and:
/// - the lines do not depend on how the bytes were split into reads;
/// - a line is never longer than the limit and never holds a LF;
/// - a parsed command's rendering parses back to the same command, and renders the same again;
/// - a refused line's `ERR` reply is exactly one line.
enum FuzzCommandParser {
    /// A small limit next to the default one, so refusing an overlong line is reached often.
    static let smallMaxLineBytes = 16
    /// Read sizes: everything at once, one byte at a time, and an odd size that splits CR from LF.
    static let chunkSizes = [Int.max, 1, 3]
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    static func check(_ bytes: [UInt8]) {
        for maxLineBytes in [LineFramer.defaultMaxLineBytes, smallMaxLineBytes] {
            let framings = chunkSizes.map { frame(bytes, maxLineBytes: maxLineBytes, chunkSize: $0) }
            for framing in framings.dropFirst() {
                precondition(framing == framings[0], "the lines depend on how the bytes were split")
            }
            for line in framings[0].lines {
                precondition(line.count <= maxLineBytes, "a line is longer than the limit")
                precondition(!line.contains(lf), "a line holds a LF")
            }
        }
        for line in frame(bytes, maxLineBytes: LineFramer.defaultMaxLineBytes, chunkSize: Int.max).lines {
            checkParsing(line)
        }
    }

    struct Framing: Equatable {
        var lines: [[UInt8]] = []
        var refusedTooLong = false
    }

    /// Appends the bytes `chunkSize` at a time and takes the complete lines after each append, as a
    /// connection's handler does.
    static func frame(_ bytes: [UInt8], maxLineBytes: Int, chunkSize: Int) -> Framing {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        var framing = Framing()
        var start = 0
        repeat {
            let end = bytes.count - start > chunkSize ? start + chunkSize : bytes.count
            bytes[start..<end].withUnsafeBytes { _ = framer.append($0) }
            start = end
            do {
                while let line = try framer.nextLine() { framing.lines.append(line) }
            } catch {
                precondition(error.code == .lineTooLong, "the framer threw \(error)")
                framing.refusedTooLong = true
                return framing
            }
        } while start < bytes.count
        return framing
    }

    static func checkParsing(_ line: [UInt8]) {
        let command: Command
        do {
            command = try Command(parsing: line)
        } catch {
            let reply = Reply.failure(error).bytes
            precondition(reply.firstIndex(of: lf) == reply.count - 1, "an ERR reply is not one line")
            precondition(!reply.contains(cr), "an ERR reply holds a CR")
            return
        }
        let text = command.description
        let again: Command
        do {
            again = try Command(parsing: Array(text.utf8))
        } catch {
            preconditionFailure("\(command) renders as '\(text)', which does not parse: \(error)")
        }
        precondition(again == command, "'\(text)' parses as \(again), not \(command)")
        precondition(again.description == text, "\(command) renders differently after a round trip")
        var rendered: [UInt8] = []
        command.render(into: &rendered)
        precondition(rendered == Array(text.utf8) + [lf], "render(into:) is not the description and a LF")
    }
}
