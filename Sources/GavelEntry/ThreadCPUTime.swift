#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CPU time the calling thread has used so far: what a piece of work on it cost, unaffected by the
/// waits and by the other threads around it.
public enum ThreadCPUTime {
    public static var now: Duration {
        var time = timespec()
        let status = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        precondition(status == 0, "every thread has a CPU clock")
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
