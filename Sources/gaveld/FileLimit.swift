#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The open-file limit: ten thousand idle bidders are ten thousand sockets.
enum FileLimit {
    struct Figures {
        let soft: UInt64
        let hard: UInt64
    }

    /// Raises the soft limit to the hard limit and returns the limits in force afterwards (`nil` when they
    /// cannot be read). A soft limit that cannot be raised is left as it was.
    static func raiseToHardLimit() -> Figures? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Figures(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    #if os(Linux)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}
