extension AuctionRules {
    /// BIDDER ADD: a new account; the caller made the token and passes only its SHA-256.
    public func addBidder(
        _ name: BidderName, role: Role, verified: Bool, tokenSHA256: String, in state: AuctionState
    ) throws(GavelError) -> Event {
        guard state.accounts[name] == nil, name != .bootstrapAuctioneer else {
            throw .conflict("bidder \(name) already exists")
        }
        guard state.account(forTokenSHA256: tokenSHA256) == nil else { throw .conflict("token already issued") }
        return .bidder(Event.BidderAdded(bidder: name, role: role, verified: verified, tokenSHA256: tokenSHA256))
    }

    /// BIDDER VERIFY and BIDDER SUSPEND.
    public func setVerified(_ name: BidderName, _ verified: Bool, in state: AuctionState) throws(GavelError) -> Event {
        guard state.accounts[name] != nil else { throw .notFound("no bidder \(name)") }
        return .verify(Event.BidderVerification(bidder: name, verified: verified))
    }

    /// HANDLE SET: also answers the handle's pending inquiry.
    public func setStatus(_ status: HandleStatus, of handle: Handle) -> Event {
        .handle(Event.HandleStatusSet(handle: handle, status: status))
    }

    /// INQUIRE: what the handle's status is, and the `inquiry` entry to record when a bidder is the
    /// first to ask about a handle nobody has answered for.
    public func inquire(_ handle: Handle, by actor: Actor, in state: AuctionState) -> (HandleAvailability, Event?) {
        let availability = availability(of: handle, to: actor.role, in: state)
        guard availability == .pending, actor.role == .bidder, state.handles[handle]?.inquiry == nil else {
            return (availability, nil)
        }
        return (availability, .inquiry(Event.InquiryRecorded(handle: handle, bidder: actor.name)))
    }

    /// PROTOCOL.md's order of precedence: auction, transferred, sold, the set status, then pending
    /// (or, to an auctioneer, unknown when nobody has asked).
    public func availability(of handle: Handle, to role: Role, in state: AuctionState) -> HandleAvailability {
        let record = state.handles[handle]
        if let id = record?.pendingRound, let round = state.round(id) {
            return .auction(round: id, closes: round.closes)
        }
        if let owner = record?.owner { return .transferred(owner: owner) }
        if let sold = record?.soldRound { return .sold(round: sold) }
        switch record?.status {
        case .dormant: return .available
        case .active, .reserved: return .unavailable
        case nil: return role == .bidder || record?.inquiry != nil ? .pending : .unknown
        }
    }

    /// INQUIRIES: the unanswered inquiries, oldest first.
    public func pendingInquiries(in state: AuctionState) -> [PendingInquiry] {
        state.handles.values.compactMap(\.inquiry).sorted { $0.seq < $1.seq }
    }
}
