import GaveldConfiguration
import Logging
import ServiceLifecycle

/// `gaveld serve` as a swift-service-lifecycle service: starts inside the service group, so a SIGTERM or
/// SIGINT during a slow start (initdb) is honoured too, then runs until the group shuts down gracefully.
struct GaveldService: Service {
    let settings: GaveldSettings
    let logger: Logger

    func run() async throws {
        let runtime = try await ServerRuntime.start(settings, logger: logger)
        logger.notice("gaveld serving", metadata: ["listen": "\(settings.server.host):\(runtime.port)"])
        // Returns on SIGTERM or SIGINT; throws only when the task is cancelled, which must stop us too.
        try? await gracefulShutdown()
        logger.notice("shutting down")
        await runtime.stop()
    }
}
