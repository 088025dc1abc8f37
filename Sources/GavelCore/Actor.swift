/// Who runs a command: an authenticated account and the role it acts in.
public struct Actor: Hashable, Sendable {
    public let name: BidderName
    public let role: Role

    public init(name: BidderName, role: Role) {
        self.name = name
        self.role = role
    }
}
