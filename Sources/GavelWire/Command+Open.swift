import GavelCore

extension Command {
    /// `OPEN <@handle> reserve=<amount> (duration=<dur>|closes=<time>) [opens=<time>] [format=first|second]
    /// [reserve_visibility=public|secret]`: the options in any order, exactly one of `duration=` and `closes=`.
    static func parseOpen(_ arguments: inout ArgumentScanner) throws(GavelError) -> Command {
        let handle = try Handle(parsing: arguments.required("<@handle>"))
        var reserve: Money?
        var closing: OpenRequest.Closing?
        var opens: Timestamp?
        var format = RoundFormat.first
        var visibility = ReserveVisibility.public
        try arguments.options { (key, value) throws(GavelError) in
            switch key {
            case "reserve":
                reserve = try parseAmount(value)
            case "duration", "closes":
                guard closing == nil else {
                    throw ArgumentScanner.syntax("give duration= or closes=, not both", in: .open)
                }
                closing =
                    key == "duration"
                    ? .after(milliseconds: try DurationText.parseMilliseconds(value))
                    : .at(try parseTime(value, for: key))
            case "opens":
                opens = try parseTime(value, for: key)
            case "format":
                format = try parseChoice(value, for: key, in: .open)
            default:  // reserve_visibility: the scanner admits only OPEN's keys
                visibility = try parseChoice(value, for: key, in: .open)
            }
        }
        guard let reserve else { throw arguments.syntax("missing reserve=") }
        guard let closing else { throw arguments.syntax("missing duration= or closes=") }
        return .open(
            OpenRequest(
                handle: handle, reserve: reserve, closing: closing, opens: opens, format: format,
                reserveVisibility: visibility))
    }
}
