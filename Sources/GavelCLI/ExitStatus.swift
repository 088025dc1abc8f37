/// The process exit codes: 0 for `OK`, 1 for `ERR` or an invalid receipt, 2 for usage or connection errors.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case serverError = 1
    case usage = 2
}
