import GavelCore
import GavelWire

// Short constructors for expected values; the inputs are literals known to be valid.

func handle(_ text: String) -> Handle { try! Handle(parsing: text) }
func name(_ text: String) -> BidderName { try! BidderName(parsing: text) }
func ref(_ text: String) -> IdempotencyRef { try! IdempotencyRef(parsing: text) }
func round(_ id: Int64) -> RoundID { RoundID(id) }
func dollars(_ amount: Int64) -> Money { Money(dollars: amount) }
func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
func text(_ reply: Reply) -> String { text(reply.bytes) }
func text(_ event: ServerEvent) -> String { text(event.bytes) }
