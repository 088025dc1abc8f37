import GaveldConfiguration
import Logging
import ServiceLifecycle

/// `gaveld serve` as a swift-service-lifecycle service: starts inside the service group, so a SIGTERM or
/// SIGINT during a slow start (initdb) is honoured too, then runs until the group shuts down gracefully.
struct GaveldService: Service {
    let settings: GaveldSettings
    let logger: Logger

    func run() async throws {
        let role = WriterRole()
        let runtime: ServerRuntime
        do {
            runtime = try await withGracefulShutdownHandler {
                try await ServerRuntime.start(settings, role: role, logger: logger)
            } onGracefulShutdown: {
                role.stop()
            }
        } catch  where role.isStopping {
            logger.notice("stopped before taking over as the writer")
            return
        }
        logger.notice("gaveld serving", metadata: ["listen": "\(settings.server.host):\(runtime.port)"])
        // Ends with a reason when the ledger stepped down, with nil on SIGTERM or SIGINT (or cancellation,
        // which must stop us too).
        let stepDown = await withGracefulShutdownHandler {
            await role.stepDowns.first { _ in true }
        } onGracefulShutdown: {
            role.stop()
        }
        logger.notice("shutting down")
        await runtime.stop()
        if let stepDown {
            throw StartupError("stepped down, another gaveld is the writer now: \(stepDown)")
        }
    }
}
