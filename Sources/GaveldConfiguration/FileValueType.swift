/// The JSON shapes a configuration file may use.
enum FileValueType {
    case string
    case integer
    /// `true` or `false`.
    case boolean
    /// A string of dollars such as `"10000.00"`; a JSON number is refused so that no amount is ever a float.
    case dollars
    /// A list of `{"min_handles": <integer>, "percent": "<percent>"}`.
    case handleTiers
    /// A list of `{"min_subtotal": "<dollars>", "percent": "<percent>"}`.
    case valueTiers

    var expectation: String {
        switch self {
        case .string: "a string"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .dollars: "a string of dollars such as \"10000.00\""
        case .handleTiers: "a list of {\"min_handles\": <whole number>, \"percent\": \"<percent>\"}"
        case .valueTiers: "a list of {\"min_subtotal\": \"<dollars>\", \"percent\": \"<percent>\"}"
        }
    }
}
