/// Everything that changes Gavel's state; each becomes one ledger entry. Fields follow PROTOCOL.md's
/// entry table, so encoding an event and decoding it again gives the same value.
public enum Event: Hashable, Sendable {
    case bidder(BidderAdded)
    case verify(BidderVerification)
    case handle(HandleStatusSet)
    case inquiry(InquiryRecorded)
    case open(RoundOpened)
    case extend(RoundExtended)
    case cancel(RoundCancelled)
    case bid(BidPlaced)
    case withdraw(BidWithdrawn)
    case close(RoundClosed)
    case settle(RoundSettled)
    case transfer(HandleTransferred)

    public var kind: EntryKind {
        switch self {
        case .bidder: .bidder
        case .verify: .verify
        case .handle: .handle
        case .inquiry: .inquiry
        case .open: .open
        case .extend: .extend
        case .cancel: .cancel
        case .bid: .bid
        case .withdraw: .withdraw
        case .close: .close
        case .settle: .settle
        case .transfer: .transfer
        }
    }

    /// The round an entry belongs to, if any.
    public var round: RoundID? {
        switch self {
        case .bidder, .verify, .handle, .inquiry: nil
        case .open(let event): event.round
        case .extend(let event): event.round
        case .cancel(let event): event.round
        case .bid(let event): event.round
        case .withdraw(let event): event.round
        case .close(let event): event.round
        case .settle(let event): event.round
        case .transfer(let event): event.round
        }
    }

    public struct BidderAdded: Hashable, Sendable {
        public var bidder: BidderName
        public var role: Role
        public var verified: Bool
        /// Lower-case hex SHA-256 of the token; the token itself is never stored.
        public var tokenSHA256: String

        public init(bidder: BidderName, role: Role, verified: Bool, tokenSHA256: String) {
            self.bidder = bidder
            self.role = role
            self.verified = verified
            self.tokenSHA256 = tokenSHA256
        }
    }

    public struct BidderVerification: Hashable, Sendable {
        public var bidder: BidderName
        public var verified: Bool

        public init(bidder: BidderName, verified: Bool) {
            self.bidder = bidder
            self.verified = verified
        }
    }

    public struct HandleStatusSet: Hashable, Sendable {
        public var handle: Handle
        public var status: HandleStatus

        public init(handle: Handle, status: HandleStatus) {
            self.handle = handle
            self.status = status
        }
    }

    public struct InquiryRecorded: Hashable, Sendable {
        public var handle: Handle
        public var bidder: BidderName

        public init(handle: Handle, bidder: BidderName) {
            self.handle = handle
            self.bidder = bidder
        }
    }

    public struct RoundOpened: Hashable, Sendable {
        public var round: RoundID
        public var handle: Handle
        public var format: RoundFormat
        public var reserve: Money
        public var reserveVisibility: ReserveVisibility
        public var opens: Timestamp
        public var closes: Timestamp

        public init(
            round: RoundID, handle: Handle, format: RoundFormat, reserve: Money,
            reserveVisibility: ReserveVisibility, opens: Timestamp, closes: Timestamp
        ) {
            self.round = round
            self.handle = handle
            self.format = format
            self.reserve = reserve
            self.reserveVisibility = reserveVisibility
            self.opens = opens
            self.closes = closes
        }
    }

    public struct RoundExtended: Hashable, Sendable {
        public var round: RoundID
        public var closes: Timestamp

        public init(round: RoundID, closes: Timestamp) {
            self.round = round
            self.closes = closes
        }
    }

    public struct RoundCancelled: Hashable, Sendable {
        public var round: RoundID
        public var handle: Handle
        /// One word, or `nil` (written `reason=-`).
        public var reason: String?

        public init(round: RoundID, handle: Handle, reason: String?) {
            self.round = round
            self.handle = handle
            self.reason = reason
        }
    }

    public struct BidPlaced: Hashable, Sendable {
        public var round: RoundID
        public var handle: Handle
        public var bidder: BidderName
        public var amount: Money
        public var ref: IdempotencyRef?
        /// The seq of the bidder's live bid in this round that this one replaces.
        public var replaces: Int64?

        public init(
            round: RoundID, handle: Handle, bidder: BidderName, amount: Money, ref: IdempotencyRef?,
            replaces: Int64?
        ) {
            self.round = round
            self.handle = handle
            self.bidder = bidder
            self.amount = amount
            self.ref = ref
            self.replaces = replaces
        }
    }

    public struct BidWithdrawn: Hashable, Sendable {
        public var round: RoundID
        public var handle: Handle
        public var bidder: BidderName
        public var ref: IdempotencyRef?
        /// The seq of the live bid that this withdrawal removes.
        public var replaces: Int64?

        public init(round: RoundID, handle: Handle, bidder: BidderName, ref: IdempotencyRef?, replaces: Int64?) {
            self.round = round
            self.handle = handle
            self.bidder = bidder
            self.ref = ref
            self.replaces = replaces
        }
    }

    public struct RoundClosed: Hashable, Sendable {
        public var round: RoundID
        public var handle: Handle
        /// How many live bids the result was computed from.
        public var bids: Int
        /// SHA-256 (lower-case hex) over the live bids' entry hashes, each as 64 hex characters and a LF.
        public var bidsSHA256: String
        /// `nil` when the round is unsold.
        public var award: Award?

        public init(round: RoundID, handle: Handle, bids: Int, bidsSHA256: String, award: Award?) {
            self.round = round
            self.handle = handle
            self.bids = bids
            self.bidsSHA256 = bidsSHA256
            self.award = award
        }
    }

    public struct RoundSettled: Hashable, Sendable {
        public var round: RoundID
        public var transferDue: Timestamp

        public init(round: RoundID, transferDue: Timestamp) {
            self.round = round
            self.transferDue = transferDue
        }
    }

    public struct HandleTransferred: Hashable, Sendable {
        public var round: RoundID
        public var handle: Handle
        public var owner: BidderName

        public init(round: RoundID, handle: Handle, owner: BidderName) {
            self.round = round
            self.handle = handle
            self.owner = owner
        }
    }
}
