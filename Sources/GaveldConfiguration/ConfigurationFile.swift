import Foundation

/// Reads Config/gaveld.json strictly: every key must be known and of the right JSON type, so a typo is a
/// start-up error instead of a setting silently left at its default. Values come out as the canonical text
/// the environment would give for the same key (tiers as `2:5,5:10`), so all sources parse alike.
///
/// swift-configuration's own JSON provider is not used for the file: it cannot list a file's keys (needed
/// to refuse unknown ones) and it refuses lists of objects (the discount tiers).
enum ConfigurationFile {
    /// The file's values by key; a key set to `null` is left out, as if absent.
    static func values(path: String) throws(ConfigurationError) -> [ConfigurationKey: String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .fileUnreadable(path: path, reason: Self.reason(error))
        }
        return try values(json: data, path: path)
    }

    static func values(json data: Data, path: String) throws(ConfigurationError) -> [ConfigurationKey: String] {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            // Foundation's decoder does not say where the syntax error is.
            throw .fileNotJSON(path: path, reason: "check its commas, quotes and braces")
        }
        guard case .object(let members) = document else {
            throw .wrongType(path: path, key: "(top level)", expected: "an object of settings")
        }
        var reader = Reader(path: path)
        try reader.read(members, under: [])
        return reader.values
    }

    /// The operating system's word for a read failure ("No such file or directory"), without Foundation's
    /// "The operation could not be completed." around it.
    private static func reason(_ error: any Error) -> String {
        if let posix = (error as? CocoaError)?.underlying as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        return error.localizedDescription
    }

    private struct Reader {
        let path: String
        var values: [ConfigurationKey: String] = [:]

        mutating func read(_ members: [String: JSONValue], under prefix: [String]) throws(ConfigurationError) {
            for name in members.keys.sorted() {
                let dotted = (prefix + [name]).joined(separator: ".")
                let value = members[name]!
                if name.contains(".") {
                    // Nested keys are JSON objects; a dotted name is never one of them.
                    throw .unknownKey(path: path, key: dotted, suggestion: nil)
                } else if let key = ConfigurationKey(rawValue: dotted) {
                    if let text = try text(of: value, for: key) { values[key] = text }
                } else if ConfigurationKey.allCases.contains(where: { $0.rawValue.hasPrefix(dotted + ".") }) {
                    guard case .object(let inner) = value else {
                        throw .wrongType(path: path, key: dotted, expected: "an object")
                    }
                    try read(inner, under: prefix + [name])
                } else {
                    throw .unknownKey(path: path, key: dotted, suggestion: Self.suggestion(for: dotted))
                }
            }
        }

        private func text(of value: JSONValue, for key: ConfigurationKey) throws(ConfigurationError) -> String? {
            let type = key.fileType
            switch (type, value) {
            case (_, .null): return nil
            case (.string, .string(let text)), (.dollars, .string(let text)): return text
            case (.integer, .integer(let number)): return String(number)
            case (.boolean, .bool(let flag)): return String(flag)
            case (.handleTiers, .array(let tiers)):
                return try tierTexts(tiers, key: key, threshold: "min_handles", thresholdType: .integer)
            case (.valueTiers, .array(let tiers)):
                return try tierTexts(tiers, key: key, threshold: "min_subtotal", thresholdType: .dollars)
            default: throw .wrongType(path: path, key: key.rawValue, expected: type.expectation)
            }
        }

        /// Each tier object as `THRESHOLD:PERCENT`, joined by commas.
        private func tierTexts(
            _ tiers: [JSONValue], key: ConfigurationKey, threshold: String, thresholdType: FileValueType
        )
            throws(ConfigurationError) -> String
        {
            var texts: [String] = []
            for (index, tier) in tiers.enumerated() {
                let place = "\(key.rawValue)[\(index)]"
                guard case .object(let fields) = tier else {
                    throw .wrongType(path: path, key: place, expected: key.fileType.expectation)
                }
                if let extra = fields.keys.sorted().first(where: { $0 != threshold && $0 != "percent" }) {
                    throw .unknownKey(path: path, key: "\(place).\(extra)", suggestion: nil)
                }
                let thresholdText: String
                switch (thresholdType, fields[threshold]) {
                case (.integer, .integer(let number)?): thresholdText = String(number)
                case (.dollars, .string(let text)?): thresholdText = text
                default: throw .wrongType(path: path, key: "\(place).\(threshold)", expected: thresholdType.expectation)
                }
                guard case .string(let percent)? = fields["percent"] else {
                    throw .wrongType(path: path, key: "\(place).percent", expected: "a string such as \"5\" or \"7.5\"")
                }
                texts.append("\(thresholdText):\(percent)")
            }
            return texts.joined(separator: ",")
        }

        /// A known key at most two edits away from `key`, for the error message.
        private static func suggestion(for key: String) -> String? {
            ConfigurationKey.allCases.map(\.rawValue)
                .map { ($0, editDistance($0, key)) }
                .filter { $0.1 <= 2 }
                .min { $0.1 < $1.1 }?.0
        }

        private static func editDistance(_ left: String, _ right: String) -> Int {
            let left = Array(left.utf8)
            let right = Array(right.utf8)
            var previous = Array(0...right.count)
            for (i, leftByte) in left.enumerated() {
                var current = [i + 1] + Array(repeating: 0, count: right.count)
                for (j, rightByte) in right.enumerated() {
                    current[j + 1] = min(
                        previous[j + 1] + 1, current[j] + 1, previous[j] + (leftByte == rightByte ? 0 : 1))
                }
                previous = current
            }
            return previous[right.count]
        }
    }
}
