/// Where a configuration value came from, named the way an operator would look for it.
public enum ConfigurationSource: Equatable, Sendable, CustomStringConvertible {
    case commandLine(flag: String)
    case environment(variable: String)
    case file(path: String)
    case defaults

    public var description: String {
        switch self {
        case .commandLine(let flag): "the command line (\(flag))"
        case .environment(let variable): "environment variable \(variable)"
        case .file(let path): path
        case .defaults: "the built-in default"
        }
    }
}
