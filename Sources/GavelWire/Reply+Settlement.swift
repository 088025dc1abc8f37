import GavelCore

// Replies about paying for and handing over won handles: INVOICE, SETTLE and TRANSFER.
extension Reply {
    /// `INVOICE`: `= round= handle= price=` rows, then `OK handles= subtotal= discount= total=`.
    public static func invoice(_ invoice: Invoice) -> Reply {
        .success(
            rows: invoice.lines.map { ["round": $0.round, "handle": $0.handle, "price": $0.price] },
            fields: [
                "handles": invoice.lines.count, "subtotal": invoice.subtotal, "discount": invoice.discount,
                "total": invoice.total,
            ])
    }

    /// `SETTLE`: `OK round=<id> transfer_due=<time>`.
    public static func settled(_ event: Event.RoundSettled) -> Reply {
        .ok(["round": event.round, "transfer_due": event.transferDue])
    }

    /// `TRANSFER`: `OK round=<id> handle=<h> owner=<bidder>`.
    public static func transferred(_ event: Event.HandleTransferred) -> Reply {
        .ok(["round": event.round, "handle": event.handle, "owner": event.owner])
    }
}
