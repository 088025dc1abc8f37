import GavelCore

// Replies of the auctioneer's account and handle commands: BIDDER, HANDLE SET and INQUIRIES.
extension Reply {
    /// `BIDDER ADD`: `OK bidder=<name> token=<token>`, the only time the token is ever shown.
    public static func bidderAdded(_ name: BidderName, token: String) -> Reply {
        .ok(["bidder": name, "token": token])
    }

    /// `BIDDER VERIFY` and `BIDDER SUSPEND`: `OK bidder=<name> verified=yes|no`.
    public static func verification(_ event: Event.BidderVerification) -> Reply {
        .ok(["bidder": event.bidder, "verified": event.verified ? YesNo.yes.rawValue : YesNo.no.rawValue])
    }

    /// `HANDLE SET`: `OK handle=<h> status=dormant|active|reserved`.
    public static func handleStatus(_ event: Event.HandleStatusSet) -> Reply {
        .ok(["handle": event.handle, "status": event.status.rawValue])
    }

    /// `INQUIRIES`: `= handle= asked_by= first_at= answer_due=` rows in the order given (oldest first
    /// from `AuctionRules.pendingInquiries`), then `OK count=N`.
    public static func inquiries(_ pending: [PendingInquiry]) -> Reply {
        .listing(
            pending.map {
                ["handle": $0.handle, "asked_by": $0.askedBy, "first_at": $0.firstAt, "answer_due": $0.answerDue]
            })
    }
}
