/// A TOML value as read by `TOMLParser`.
///
/// Dates and times (offset and local date-times, local dates, local times) are kept as
/// the text written in the file, e.g. `.datetime("1979-05-27T07:32:00Z")`; they are
/// validated by the parser but interpreting them is left to the caller.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case datetime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The value of a float, or of an integer converted to `Double` (`timeout = 5` is as
    /// good as `timeout = 5.0`).
    public var doubleValue: Double? {
        switch self {
        case .float(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    /// The text of a date, time or date-time value.
    public var datetimeValue: String? {
        if case .datetime(let s) = self { return s }
        return nil
    }

    public var arrayValue: [TOMLValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var tableValue: TOMLTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    /// The TOML name of the value's type, for messages such as
    /// "line 4: 'delimiter' must be a string, not an integer".
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .boolean: return "boolean"
        case .datetime: return "date-time"
        case .array: return "array"
        case .table: return "table"
        }
    }
}

extension TOMLValue: CustomStringConvertible {
    /// A TOML-like rendering, for diagnostics and test failure messages.
    public var description: String {
        switch self {
        case .string(let s): return TOMLTable.quote(s)
        case .integer(let i): return String(i)
        case .float(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            return String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .datetime(let s): return s
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .table(let t): return t.description
        }
    }
}

extension TOMLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(arrayLiteral elements: TOMLValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        self = .table(TOMLTable(elements))
    }
}

/// A TOML table: keys in document order, each with the source line where it was defined.
///
/// Equality compares contents only (the same keys with equal values); key order and
/// source lines are ignored, as TOML tables are unordered.
public struct TOMLTable: Sendable, Equatable {
    /// One key of a table.
    public struct Entry: Sendable, Equatable {
        public let key: String
        public var value: TOMLValue
        /// The 1-based source line where the key was defined (nil if built in code).
        let line: Int?
    }

    /// The entries in document order.
    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    /// The 1-based line where the table itself was defined: its `[header]` or `[[header]]`
    /// line, the line of an inline table's `{`, or the line of the first key that created
    /// it implicitly. Nil for the root table and for tables built in code.
    public internal(set) var definitionLine: Int?

    public init() {}

    /// A table with the given entries in order; a repeated key replaces the earlier value.
    public init(_ entries: [(String, TOMLValue)]) {
        for (key, value) in entries { self[key] = value }
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> TOMLValue? {
        get { index[key].map { entries[$0].value } }
        set {
            if let i = index[key] {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    reindex()
                }
            } else if let newValue {
                append(key, newValue, line: nil)
            }
        }
    }

    /// The 1-based source line where `key` was defined in this table.
    public func line(of key: String) -> Int? {
        index[key].flatMap { entries[$0].line }
    }

    /// The value at a path of keys through nested tables, e.g. `["format", "columns"]`.
    /// Arrays are not traversed.
    public func value(atPath path: [String]) -> TOMLValue? {
        guard let first = path.first, let value = self[first] else { return nil }
        if path.count == 1 { return value }
        return value.tableValue?.value(atPath: Array(path.dropFirst()))
    }

    public func contains(_ key: String) -> Bool { index[key] != nil }

    mutating func append(_ key: String, _ value: TOMLValue, line: Int?) {
        precondition(index[key] == nil, "duplicate TOML key \(key)")
        index[key] = entries.count
        entries.append(Entry(key: key, value: value, line: line))
    }

    private mutating func reindex() {
        index = [:]
        for (i, e) in entries.enumerated() { index[e.key] = i }
    }

    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for e in lhs.entries {
            guard let other = rhs[e.key], other == e.value else { return false }
        }
        return true
    }

    /// A key as it would be written in TOML: bare if possible, quoted otherwise.
    public static func render(key: String) -> String {
        if !key.isEmpty, key.utf8.allSatisfy(TOMLTable.isBareKeyByte) { return key }
        return quote(key)
    }

    static func isBareKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

extension TOMLTable: Sequence {
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}

extension TOMLTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TOMLValue)...) { self.init(elements) }
}

extension TOMLTable: CustomStringConvertible {
    public var description: String {
        "{" + entries.map { "\(TOMLTable.render(key: $0.key)) = \($0.value)" }.joined(separator: ", ") + "}"
    }
}
