/// Where the configuration file comes from.
public enum ConfigurationFileChoice: Sendable, Equatable {
    /// No file: environment, flags and defaults only.
    case none
    /// Read when present, skipped when absent (the default `Config/gaveld.json`).
    case ifPresent(String)
    /// Named with `--config`: missing is an error.
    case required(String)
}
