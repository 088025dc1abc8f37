import GavelCore

/// The fields of each entry kind between `kind` and `prev`, in PROTOCOL.md's fixed order, both ways.
enum EntryFields {
    static func write(_ event: Event, into fields: inout FieldWriter) {
        switch event {
        case .bidder(let e):
            fields.append("bidder", e.bidder)
            fields.append("role", e.role.rawValue)
            fields.append("verified", e.verified)
            fields.append("token_sha256", e.tokenSHA256)
        case .verify(let e):
            fields.append("bidder", e.bidder)
            fields.append("verified", e.verified)
        case .handle(let e):
            fields.append("handle", e.handle)
            fields.append("status", e.status.rawValue)
        case .inquiry(let e):
            fields.append("handle", e.handle)
            fields.append("bidder", e.bidder)
        case .open(let e):
            fields.append("round", e.round)
            fields.append("handle", e.handle)
            fields.append("format", e.format.rawValue)
            fields.append("reserve", e.reserve)
            fields.append("reserve_visibility", e.reserveVisibility.rawValue)
            fields.append("opens", e.opens)
            fields.append("closes", e.closes)
        case .extend(let e):
            fields.append("round", e.round)
            fields.append("closes", e.closes)
        case .cancel(let e):
            fields.append("round", e.round)
            fields.append("handle", e.handle)
            fields.append("reason", orDash: e.reason)
        case .bid(let e):
            fields.append("round", e.round)
            fields.append("handle", e.handle)
            fields.append("bidder", e.bidder)
            fields.append("amount", e.amount)
            fields.append("ref", orDash: e.ref)
            if let replaces = e.replaces { fields.append("replaces", replaces) }
        case .withdraw(let e):
            fields.append("round", e.round)
            fields.append("handle", e.handle)
            fields.append("bidder", e.bidder)
            fields.append("ref", orDash: e.ref)
            if let replaces = e.replaces { fields.append("replaces", replaces) }
        case .close(let e):
            writeClose(e, into: &fields)
        case .settle(let e):
            fields.append("round", e.round)
            fields.append("transfer_due", e.transferDue)
        case .transfer(let e):
            fields.append("round", e.round)
            fields.append("handle", e.handle)
            fields.append("owner", e.owner)
        }
    }

    private static func writeClose(_ e: Event.RoundClosed, into fields: inout FieldWriter) {
        fields.append("round", e.round)
        fields.append("handle", e.handle)
        fields.append("result", e.award == nil ? "unsold" : "sold")
        fields.append("bids", e.bids)
        fields.append("bids_sha256", e.bidsSHA256)
        if let award = e.award {
            fields.append("winner", award.winner)
            fields.append("price", award.price)
        }
    }

    static func read(_ kind: EntryKind, from fields: inout FieldReader) throws(LedgerError) -> Event {
        switch kind {
        case .bidder:
            return .bidder(
                .init(
                    bidder: try fields.parse("bidder", BidderName.init(parsing:)),
                    role: try fields.choice("role", as: Role.self), verified: try fields.flag("verified"),
                    tokenSHA256: try fields.hex64("token_sha256")))
        case .verify:
            return .verify(
                .init(
                    bidder: try fields.parse("bidder", BidderName.init(parsing:)), verified: try fields.flag("verified")
                ))
        case .handle:
            return .handle(
                .init(
                    handle: try fields.parse("handle", Handle.init(parsing:)),
                    status: try fields.choice("status", as: HandleStatus.self)))
        case .inquiry:
            return .inquiry(
                .init(
                    handle: try fields.parse("handle", Handle.init(parsing:)),
                    bidder: try fields.parse("bidder", BidderName.init(parsing:))))
        case .open:
            return .open(try readOpen(&fields))
        case .extend:
            return .extend(
                .init(round: try fields.parse("round", RoundID.init(parsing:)), closes: try fields.timestamp("closes")))
        case .cancel:
            return .cancel(
                .init(
                    round: try fields.parse("round", RoundID.init(parsing:)),
                    handle: try fields.parse("handle", Handle.init(parsing:)), reason: try readReason(&fields)))
        case .bid:
            return .bid(try readBid(&fields))
        case .withdraw:
            return .withdraw(try readWithdraw(&fields))
        case .close:
            return .close(try readClose(&fields))
        case .settle:
            return .settle(
                .init(
                    round: try fields.parse("round", RoundID.init(parsing:)),
                    transferDue: try fields.timestamp("transfer_due")))
        case .transfer:
            return .transfer(
                .init(
                    round: try fields.parse("round", RoundID.init(parsing:)),
                    handle: try fields.parse("handle", Handle.init(parsing:)),
                    owner: try fields.parse("owner", BidderName.init(parsing:))))
        }
    }

    private static func readOpen(_ fields: inout FieldReader) throws(LedgerError) -> Event.RoundOpened {
        .init(
            round: try fields.parse("round", RoundID.init(parsing:)),
            handle: try fields.parse("handle", Handle.init(parsing:)),
            format: try fields.choice("format", as: RoundFormat.self), reserve: try fields.money("reserve"),
            reserveVisibility: try fields.choice("reserve_visibility", as: ReserveVisibility.self),
            opens: try fields.timestamp("opens"), closes: try fields.timestamp("closes"))
    }

    private static func readBid(_ fields: inout FieldReader) throws(LedgerError) -> Event.BidPlaced {
        .init(
            round: try fields.parse("round", RoundID.init(parsing:)),
            handle: try fields.parse("handle", Handle.init(parsing:)),
            bidder: try fields.parse("bidder", BidderName.init(parsing:)), amount: try fields.money("amount"),
            ref: try readRef(&fields), replaces: try fields.optionalInt("replaces"))
    }

    private static func readWithdraw(_ fields: inout FieldReader) throws(LedgerError) -> Event.BidWithdrawn {
        .init(
            round: try fields.parse("round", RoundID.init(parsing:)),
            handle: try fields.parse("handle", Handle.init(parsing:)),
            bidder: try fields.parse("bidder", BidderName.init(parsing:)), ref: try readRef(&fields),
            replaces: try fields.optionalInt("replaces"))
    }

    private static func readClose(_ fields: inout FieldReader) throws(LedgerError) -> Event.RoundClosed {
        let round = try fields.parse("round", RoundID.init(parsing:))
        let handle = try fields.parse("handle", Handle.init(parsing:))
        let sold = try fields.value("result")
        guard sold == "sold" || sold == "unsold" else { throw fields.malformed("result is not sold or unsold") }
        let bids = try fields.int("bids")
        let digest = try fields.hex64("bids_sha256")
        var award: Award? = nil
        if sold == "sold" {
            award = Award(
                winner: try fields.parse("winner", BidderName.init(parsing:)), price: try fields.money("price"))
        }
        return .init(round: round, handle: handle, bids: Int(bids), bidsSHA256: digest, award: award)
    }

    private static func readRef(_ fields: inout FieldReader) throws(LedgerError) -> IdempotencyRef? {
        let text = try fields.value("ref")
        guard text != IdempotencyRef.noneText else { return nil }
        do {
            return try IdempotencyRef(parsing: text)
        } catch {
            throw fields.malformed("ref: \(error.message)")
        }
    }

    private static func readReason(_ fields: inout FieldReader) throws(LedgerError) -> String? {
        let text = try fields.value("reason")
        return text == "-" ? nil : String(text)
    }
}
