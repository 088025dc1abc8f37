import GavelCore
import GavelWire
import Testing

@Suite struct ServerEventTests {
    static let closes = time("2026-11-24T16:00:00.000Z")

    @Test func hello() {
        let event = ServerEvent.hello(serverVersion: "1.0.0", publicKeyBase64: "MCowBQYDK2VwAyEA+abc=")
        #expect(text(event) == "* HELLO proto=1 server=gaveld/1.0.0 alg=ed25519 key=MCowBQYDK2VwAyEA+abc=\n")
    }

    @Test func opened() {
        let event = ServerEvent.opened(round: round(7), handle: handle("@Acme"), closes: Self.closes)
        #expect(text(event) == "* OPENED round=7 handle=acme closes=2026-11-24T16:00:00.000Z\n")
    }

    @Test func extended() {
        let event = ServerEvent.extended(round: round(7), closes: Self.closes)
        #expect(text(event) == "* EXTENDED round=7 closes=2026-11-24T16:00:00.000Z\n")
    }

    @Test func closedSold() {
        let award = Award(winner: name("acme-corp"), price: dollars(25_000))
        let event = ServerEvent.closed(round: round(7), handle: handle("acme"), award: award)
        #expect(text(event) == "* CLOSED round=7 handle=acme result=sold winner=acme-corp price=25000.00\n")
    }

    @Test func closedUnsold() {
        let event = ServerEvent.closed(round: round(7), handle: handle("acme"), award: nil)
        #expect(text(event) == "* CLOSED round=7 handle=acme result=unsold\n")
    }

    @Test func cancelled() {
        #expect(
            text(ServerEvent.cancelled(round: round(7), handle: handle("acme"))) == "* CANCELLED round=7 handle=acme\n")
    }

    @Test func bye() {
        #expect(text(ServerEvent.bye(reason: "shutdown")) == "* BYE reason=shutdown\n")
    }

    @Test func renderAppendsToTheBuffer() {
        var buffer = Array("OK pong\n".utf8)
        ServerEvent.bye(reason: "idle").render(into: &buffer)
        #expect(text(buffer) == "OK pong\n* BYE reason=idle\n")
    }

    @Test func watchedLedgerEventsBecomeEvents() {
        let opened = Event.RoundOpened(
            round: round(7), handle: handle("acme"), format: .first, reserve: dollars(10_000),
            reserveVisibility: .secret, opens: Self.closes.adding(milliseconds: -60_000), closes: Self.closes)
        #expect(ServerEvent(.open(opened)) == .opened(round: round(7), handle: handle("acme"), closes: Self.closes))
        #expect(
            ServerEvent(.extend(Event.RoundExtended(round: round(7), closes: Self.closes)))
                == .extended(round: round(7), closes: Self.closes))
        let award = Award(winner: name("acme-corp"), price: dollars(20_000))
        let closed = Event.RoundClosed(
            round: round(7), handle: handle("acme"), bids: 2, bidsSHA256: String(repeating: "a", count: 64),
            award: award)
        #expect(ServerEvent(.close(closed)) == .closed(round: round(7), handle: handle("acme"), award: award))
        #expect(
            ServerEvent(.cancel(Event.RoundCancelled(round: round(7), handle: handle("acme"), reason: nil)))
                == .cancelled(round: round(7), handle: handle("acme")))
    }

    @Test func unwatchedLedgerEventsAreNotEvents() {
        let bid = Event.BidPlaced(
            round: round(7), handle: handle("acme"), bidder: name("acme-corp"), amount: dollars(1), ref: nil,
            replaces: nil)
        #expect(ServerEvent(.bid(bid)) == nil)
        #expect(ServerEvent(.handle(Event.HandleStatusSet(handle: handle("acme"), status: .active))) == nil)
        #expect(ServerEvent(.settle(Event.RoundSettled(round: round(7), transferDue: Self.closes))) == nil)
    }
}
