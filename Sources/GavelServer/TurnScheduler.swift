/// Where a connection with lines still waiting asks for its next turn, so that one client's pipeline is
/// served `fair_batch` lines at a time, between the other connections' reads. Called on the connection's
/// event loop only.
protocol TurnScheduler: AnyObject {
    /// Runs `turn` once every connection that asked before it has had its turn, and after the event loop
    /// has looked for input again.
    func requestTurn(_ turn: @escaping () -> Void)

    /// Whether input that arrived on a connection with no lines waiting may be served at once: the loop
    /// has rendered less than its share since it last looked for input. If so, serve it and report the
    /// turn's output with `inputServed`; if not, `deferInput`.
    var mayServeInputNow: Bool { get }

    /// A turn served at once on input rendered `outputBytes`.
    func inputServed(outputBytes: Int)

    /// Runs `turn` at the next wake-up, before the connections waiting with a backlog.
    func deferInput(_ turn: @escaping () -> Void)
}
