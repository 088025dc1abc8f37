public import GavelEntry

extension Receipt {
    /// The receipt of an `OK` reply; an `ERR` is `malformed`.
    public init(_ reply: ServerReply) throws(ReceiptError) {
        guard let fields = reply.fields else { throw .malformed("the reply is \(reply.line)") }
        try self.init(parsing: fields.text)
    }

    /// The entry's fields, for reading `kind`, `amount`, `replaces` and the like.
    public var fields: ReplyFields { ReplyFields(canonicalLine) }
}
