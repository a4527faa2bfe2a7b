import TOML
/// A configuration problem, said with where it is: the file, the line and the key.
struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    var file: String?
    var line: Int?
    var key: String?
    var message: String

    init(file: String? = nil, line: Int? = nil, key: String? = nil, _ message: String) {
        self.file = file; self.line = line; self.key = key; self.message = message
    }

    var description: String {
        var place: [String] = []
        if let file { place.append(file) }
        if let line { place.append("line \(line)") }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        return prefix + (key.map { "\($0): " } ?? "") + message
    }
}

/// Typed reading of TOML tables with errors that name the key and its line.
struct TableReader {
    let table: TOMLTable
    /// Dotted path of this table, for messages (`format[2]`).
    let path: String

    func fail(_ key: String, _ message: String) -> ConfigError {
        ConfigError(line: table.line(of: key) ?? table.definitionLine, key: path.isEmpty ? key : "\(path).\(key)", message)
    }

    func string(_ key: String) throws -> String? {
        guard let v = table[key] else { return nil }
        guard let s = v.stringValue else { throw fail(key, "expected a string, found \(v.typeName)") }
        return s
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw fail(key, "missing (required)") }
        return s
    }

    func int(_ key: String) throws -> Int? {
        guard let v = table[key] else { return nil }
        guard let i = v.intValue else { throw fail(key, "expected an integer, found \(v.typeName)") }
        return Int(i)
    }

    /// A duration in seconds: an integer or a float.
    func seconds(_ key: String) throws -> Double? {
        guard let v = table[key] else { return nil }
        guard let d = v.doubleValue, d.isFinite else { throw fail(key, "expected seconds (a number), found \(v.typeName)") }
        return d
    }

    func strings(_ key: String) throws -> [String]? {
        guard let v = table[key] else { return nil }
        if let s = v.stringValue { return [s] }
        guard let a = v.arrayValue else { throw fail(key, "expected a string or an array of strings, found \(v.typeName)") }
        return try a.map { e in
            guard let s = e.stringValue else { throw fail(key, "expected strings in the array, found \(e.typeName)") }
            return s
        }
    }

    func ints(_ key: String) throws -> [Int]? {
        guard let v = table[key] else { return nil }
        guard let a = v.arrayValue else { throw fail(key, "expected an array of integers, found \(v.typeName)") }
        return try a.map { e in
            guard let i = e.intValue, i > 0 else { throw fail(key, "expected positive integers, found \(e)") }
            return Int(i)
        }
    }

    func table(_ key: String) throws -> TableReader? {
        guard let v = table[key] else { return nil }
        guard let t = v.tableValue else { throw fail(key, "expected a table, found \(v.typeName)") }
        return TableReader(table: t, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// Keys that are not among the known ones: a typo should not pass silently.
    func rejectUnknown(_ known: Set<String>) throws {
        for key in table.keys where !known.contains(key) {
            throw fail(key, "unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }
}
