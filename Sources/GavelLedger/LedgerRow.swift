public import GavelCore

/// The columns auditors query, taken from an entry: its round, the bidder it concerns, the handle and
/// the amount (a bid's amount, a close's price, an open's reserve).
public struct LedgerRow: Sendable {
    public let round: RoundID?
    public let bidder: BidderName?
    public let handle: Handle?
    public let amount: Money?

    public init(_ event: Event) {
        round = event.round
        switch event {
        case .bidder(let e): (bidder, handle, amount) = (e.bidder, nil, nil)
        case .verify(let e): (bidder, handle, amount) = (e.bidder, nil, nil)
        case .handle(let e): (bidder, handle, amount) = (nil, e.handle, nil)
        case .inquiry(let e): (bidder, handle, amount) = (e.bidder, e.handle, nil)
        case .open(let e): (bidder, handle, amount) = (nil, e.handle, e.reserve)
        case .extend: (bidder, handle, amount) = (nil, nil, nil)
        case .cancel(let e): (bidder, handle, amount) = (nil, e.handle, nil)
        case .bid(let e): (bidder, handle, amount) = (e.bidder, e.handle, e.amount)
        case .withdraw(let e): (bidder, handle, amount) = (e.bidder, e.handle, nil)
        case .close(let e): (bidder, handle, amount) = (e.award?.winner, e.handle, e.award?.price)
        case .settle: (bidder, handle, amount) = (nil, nil, nil)
        case .transfer(let e): (bidder, handle, amount) = (e.owner, e.handle, nil)
        }
    }
}
