import GavelServerConfiguration
/// The metrics listener could not bind its address.
public struct MetricsListenError: Error, CustomStringConvertible {
    public let address: ListenAddress
    public let reason: String

    public var description: String { "cannot serve metrics on \(address.host):\(address.port): \(reason)" }
}
