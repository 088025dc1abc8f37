import GavelClient
import GavelCore
import GavelWire

/// How a run sets up its accounts and rounds through the admin token. Names carry the run's random id, so
/// runs against the same server never collide.
enum LoadWorld {
    /// Five characters of `a-z0-9`: short enough for a handle, enough to tell runs apart.
    static func makeRunID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }

    /// `BIDDER ADD b<i>-<run> verified=yes` for each bidder; returns their tokens in order.
    static func addBidders(count: Int, runID: String, via admin: GavelConnection) async throws -> [String] {
        let commands = try (0..<count).map { index in
            Command.bidderAdd(try BidderName(parsing: "b\(index)-\(runID)"), verified: true, role: .bidder)
        }
        return try await PacedSender(connection: admin).send(commands).map { reply in
            guard let token = reply.fields?["token"] else { throw LoadError.setupFailed("BIDDER ADD: \(reply.line)") }
            return token
        }
    }

    /// `OPEN @load<k>_<run> reserve=10000`: open past the run's end, or, in a burst, closing one after
    /// another during it, the last one at its end.
    static func openRounds(
        count: Int, runID: String, durationSeconds: Int, burst: Bool, via admin: GavelConnection
    ) async throws -> [LoadRound] {
        let commands = try (0..<count).map { index in
            let seconds = burst ? max(1, (durationSeconds * (index + 1) + count - 1) / count) : durationSeconds + 60
            return Command.open(
                OpenRequest(
                    handle: try Handle(parsing: "load\(index)_\(runID)"), reserve: Money(dollars: 10_000),
                    closing: .after(milliseconds: Int64(seconds) * 1000)))
        }
        let rounds = try await PacedSender(connection: admin).send(commands).map { reply in
            guard let fields = reply.fields, let id = fields["round"].flatMap({ try? RoundID(parsing: $0) }),
                let closes = fields["closes"].flatMap({ Timestamp(rfc3339: $0) })
            else { throw LoadError.setupFailed("OPEN: \(reply.line)") }
            return LoadRound(id: id, closesAtMs: closes.millisecondsSinceEpoch)
        }
        return rounds.sorted { $0.closesAtMs < $1.closesAtMs }
    }
}
