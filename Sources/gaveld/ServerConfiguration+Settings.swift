import GavelServer
import GaveldConfiguration

extension ServerConfiguration {
    /// The configuration `settings` resolved to; the server version stays this build's.
    init(_ settings: ServerSettings) {
        self.init()
        host = settings.host
        port = settings.port
        metricsListen = settings.metricsListen.map { ListenAddress(host: $0.host, port: $0.port) }
        maxLineBytes = settings.maxLineBytes
        maxConnections = settings.maxConnections
        maxConnectionsPerIP = settings.maxConnectionsPerIP
        maxUnauthenticatedConnections = settings.maxUnauthenticatedConnections
        maxUnauthenticatedConnectionsPerIP = settings.maxUnauthenticatedConnectionsPerIP
        authTimeoutMs = settings.authTimeoutMs
        idleTimeoutMs = settings.idleTimeoutMs
        lineTimeoutMs = settings.lineTimeoutMs
        maxOutputBufferBytes = settings.maxOutputBufferBytes
        slowReaderTimeoutMs = settings.slowReaderTimeoutMs
        maxCommandsPerSecond = settings.maxCommandsPerSecond
        maxPipelinedCommands = settings.maxPipelinedCommands
        fairBatch = settings.fairBatch
        maxWatches = settings.maxWatches
        eventLoopThreads = settings.eventLoopThreads
        signerThreads = settings.signerThreads
        timerPrecisionMs = settings.timerPrecisionMs
        auction = settings.auction
        allowBrokenLedger = settings.allowBrokenLedger
    }
}
