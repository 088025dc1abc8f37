/// Why one text is not a value of its key; `ConfigurationError.badValue` adds the key and the source.
struct ValueError: Error {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
