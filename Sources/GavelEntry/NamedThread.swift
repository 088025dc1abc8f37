public import Foundation

/// A thread that the kernel knows by its name (`top -H`, `/proc/<pid>/task/*/comm`; scripts/bench finds
/// the ledger's writer that way). On Linux, Foundation drops a name set before `start()`, so the thread
/// names itself before `body`; the kernel keeps at most 15 bytes of it.
public enum NamedThread {
    @discardableResult
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) -> Thread {
        precondition(name.utf8.count <= 15, "the kernel keeps 15 bytes of a thread's name")
        let thread = Thread {
            Thread.current.name = name
            body()
        }
        thread.start()
        return thread
    }
}
