import GavelCore
import PropertyBased
import Testing

@Suite("Round results")
struct RoundResultTests {
    private let reserve = Money(dollars: 10_000)

    private func bid(_ name: String, _ seq: Int64, _ dollars: Int64) -> LiveBid {
        LiveBid(bidder: try! BidderName(parsing: name), seq: seq, amount: Money(dollars: dollars))
    }

    @Test("first price: the winner pays its bid")
    func firstPrice() {
        let result = RoundResult(
            liveBids: [bid("a", 3, 12_000), bid("b", 5, 15_000), bid("c", 7, 11_000)], reserve: reserve, format: .first)
        #expect(result.award == Award(winner: try! BidderName(parsing: "b"), price: Money(dollars: 15_000)))
        #expect(result.bids == 3)
        #expect(result.countedSeqs == [3, 5, 7])
    }

    @Test("second price: the winner pays the best other eligible bid")
    func secondPrice() {
        let result = RoundResult(
            liveBids: [bid("a", 3, 12_000), bid("b", 5, 15_000), bid("c", 7, 9_000)], reserve: reserve, format: .second)
        #expect(result.award?.price == Money(dollars: 12_000))
        #expect(result.award?.winner.name == "b")
    }

    @Test("second price with one eligible bid pays the reserve")
    func secondPriceAlone() {
        let result = RoundResult(
            liveBids: [bid("a", 3, 9_000), bid("b", 5, 15_000)], reserve: reserve, format: .second)
        #expect(result.award?.price == reserve)
    }

    @Test("a tie goes to the lower seq", arguments: [RoundFormat.first, .second])
    func tie(format: RoundFormat) {
        let result = RoundResult(
            liveBids: [bid("late", 9, 20_000), bid("early", 4, 20_000), bid("low", 2, 10_000)], reserve: reserve,
            format: format)
        #expect(result.award?.winner.name == "early")
        #expect(result.award?.price == Money(dollars: 20_000))
    }

    @Test("a bid exactly at the reserve is eligible")
    func atReserve() {
        let result = RoundResult(liveBids: [bid("a", 1, 10_000)], reserve: reserve, format: .first)
        #expect(result.award?.price == reserve)
    }

    @Test("no eligible bid is unsold; no bid at all is unsold with zero bids")
    func unsold() {
        let below = RoundResult(liveBids: [bid("a", 1, 9_999)], reserve: reserve, format: .first)
        #expect(below.award == nil)
        #expect(below.bids == 1)
        let empty = RoundResult(liveBids: [LiveBid](), reserve: reserve, format: .second)
        #expect(empty.award == nil)
        #expect(empty.bids == 0)
    }

    @Test("invariants hold for any bids: max eligible wins, second <= first, price >= reserve")
    func invariants() async {
        let amounts = Gen.int64(in: 5_000...30_000).array(of: 0...12)
        await propertyCheck(input: amounts) { dollars in
            let bids = dollars.enumerated().map { index, amount in
                LiveBid(
                    bidder: try! BidderName(parsing: "b\(index)"), seq: Int64(10 - index + 20),
                    amount: Money(dollars: amount))
            }
            let first = RoundResult(liveBids: bids, reserve: reserve, format: .first)
            let second = RoundResult(liveBids: bids, reserve: reserve, format: .second)
            let eligible = bids.filter { $0.amount >= reserve }
            #expect(first.award?.winner == second.award?.winner)
            guard let award = first.award, let secondAward = second.award else {
                #expect(eligible.isEmpty)
                return
            }
            let best = eligible.map(\.amount).max()!
            #expect(award.price == best)
            #expect(secondAward.price <= award.price)
            #expect(secondAward.price >= reserve)
            let winners = eligible.filter { $0.amount == best }
            #expect(winners.min { $0.seq < $1.seq }?.bidder == award.winner)
        }
    }
}
