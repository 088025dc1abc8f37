import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import GavelClient

@Suite("Reading the server's lines")
struct ClientLineDecoderTests {
    @Test("lines come out whole however the bytes are split; CR before LF is dropped")
    func everySplit() throws {
        let input = ByteBuffer(string: "* HELLO proto=1\r\nOK pong\n= a=1\nERR SYNTAX bad\n\nOK\n")
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(input, ["* HELLO proto=1", "OK pong", "= a=1", "ERR SYNTAX bad", "", "OK"])],
            decoderFactory: { ClientLineDecoder() })
    }

    @Test("a line longer than the limit fails the channel instead of growing the buffer")
    func tooLong() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ClientLineDecoder(maxLineBytes: 8)))
        #expect(throws: GavelClientError.self) {
            try channel.writeInbound(ByteBuffer(string: "OK 123456789"))
        }
        _ = try? channel.finish()
    }
}
