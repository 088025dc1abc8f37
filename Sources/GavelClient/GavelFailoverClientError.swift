/// Why a ``GavelFailoverClient`` gave up without trying another address.
public enum GavelFailoverClientError: Error, Hashable, Sendable {
    /// The server answered `AUTH` with this `ERR` line.
    case authRefused(String)
}
