/// Where a connection with lines still waiting asks for its next turn, so that one client's pipeline is
/// served `fair_batch` lines at a time, between the other connections' reads. Called on the connection's
/// event loop only.
protocol TurnScheduler: AnyObject {
    /// Runs `turn` once every connection that asked before it has had its turn, and after the event loop
    /// has looked for input again.
    func requestTurn(_ turn: @escaping () -> Void)

    /// Input arrived on a connection with no lines waiting: runs `turn` now while the loop has served few
    /// turns since it last looked for input, else before the connections that are waiting with a backlog.
    func inputArrived(_ turn: @escaping () -> Void)
}
