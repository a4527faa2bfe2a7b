/// A reader for TOML 1.0 documents.
///
/// The parser works on the UTF-8 bytes of the text. Every error is a `TOMLError` with the
/// line and column where the problem is. Dates and times are validated and kept as text
/// (see `TOMLValue.datetime`). Newlines inside multi-line strings are returned as `\n`
/// whether the file uses LF or CRLF.
public enum TOMLParser {
    /// How deeply arrays, inline tables and keys may nest before the document is refused.
    static let maxNestingDepth = 128

    /// Parses a TOML document.
    public static func parse(_ text: String) throws -> TOMLTable {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }

    /// Parses a TOML document from the raw bytes of a file, refusing bytes that are not
    /// UTF-8 (for instance a configuration saved as GB18030) with the position of the first
    /// bad byte. A leading byte-order mark is skipped.
    public static func parse(utf8 bytes: [UInt8]) throws -> TOMLTable {
        if let bad = firstInvalidUTF8(bytes) {
            let probe = Parser(bytes: bytes)
            throw probe.error(
                "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))); "
                    + "TOML files must be saved as UTF-8", at: bad)
        }
        var parser = Parser(bytes: bytes)
        return try parser.parseDocument()
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, if any.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let c = b[i]
            var need = 0
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch c {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard i + need < b.count else { return i }
            guard b[i + 1] >= lo, b[i + 1] <= hi else { return i }
            var k = 2
            while k <= need {
                guard b[i + k] >= 0x80, b[i + k] <= 0xBF else { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }
}

// MARK: - Byte constants

private enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let apostrophe: UInt8 = 0x27  // '
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rightBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let leftBrace: UInt8 = 0x7B
    static let rightBrace: UInt8 = 0x7D
    static let del: UInt8 = 0x7F

    static func isDigit(_ c: UInt8) -> Bool { c >= zero && c <= nine }
    static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
    static func hexValue(_ c: UInt8) -> UInt32 {
        if isDigit(c) { return UInt32(c - zero) }
        if c >= 0x61 { return UInt32(c - 0x61 + 10) }
        return UInt32(c - 0x41 + 10)
    }
    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    /// Control characters TOML refuses in strings and comments (tab is allowed).
    static func isForbiddenControl(_ c: UInt8) -> Bool { (c < 0x20 && c != tab) || c == del }
    /// Bytes that can make up a bare number, boolean, inf or nan.
    static func isTokenByte(_ c: UInt8) -> Bool {
        isDigit(c) || isLetter(c) || c == underscore || c == plus || c == minus || c == dot
    }
}

// MARK: - Document tree under construction

/// A table while the document is being read. Tables are reference types here so that
/// `[a.b]` headers and dotted keys can reach back into tables opened earlier.
private final class Node {
    enum Kind {
        /// Created as the parent of a `[header]` or `[[header]]`; may still get its own header.
        case implicit
        /// Defined by a `[header]` or `[[header]]` (or the root, or an inline table).
        case header
        /// Created by dotted keys (`a.b = 1` creates `a`); may not get a header later.
        case dotted
    }

    enum Item {
        /// A finished value: scalars, arrays, and inline tables (which are closed to additions).
        case value(TOMLValue)
        case table(Node)
        case tableArray([Node])
    }

    var kind: Kind
    var line: Int?
    var order: [String] = []
    var items: [String: Item] = [:]
    var lines: [String: Int] = [:]

    init(kind: Kind, line: Int?) {
        self.kind = kind
        self.line = line
    }

    func insert(_ key: String, _ item: Item, line: Int) {
        order.append(key)
        items[key] = item
        lines[key] = line
    }

    func build() -> TOMLTable {
        var table = TOMLTable()
        table.definitionLine = line
        for key in order {
            let value: TOMLValue
            switch items[key]! {
            case .value(let v): value = v
            case .table(let child): value = .table(child.build())
            case .tableArray(let children): value = .array(children.map { .table($0.build()) })
            }
            table.append(key, value, line: lines[key])
        }
        return table
    }
}

/// One part of a (possibly dotted) key, with where it was written.
private struct KeyPart {
    let name: String
    let position: Int
}

private func render(_ key: [KeyPart]) -> String {
    key.map { TOMLTable.render(key: $0.name) }.joined(separator: ".")
}

private func describe(_ item: Node.Item) -> String {
    switch item {
    case .value(.table): return "an inline table"
    case .value(.array): return "an array"
    case .value(.integer): return "an integer"
    case .value(let v): return "a \(v.typeName)"
    case .table: return "a table"
    case .tableArray: return "an array of tables"
    }
}

// MARK: - Parser

private struct Parser {
    let b: [UInt8]
    var pos = 0
    /// Offsets where each line starts, for turning offsets into line and column.
    let lineStarts: [Int]
    let root: Node
    var current: Node
    var currentDepth = 0

    init(bytes: [UInt8]) {
        b = bytes
        var starts = [0]
        for (i, c) in bytes.enumerated() where c == Byte.lf { starts.append(i + 1) }
        lineStarts = starts
        root = Node(kind: .header, line: nil)
        current = root
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { pos = 3 }  // byte-order mark
    }

    // MARK: Positions and errors

    func lineNumber(at offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    func error(_ message: String, at offset: Int) -> TOMLError {
        let line = lineNumber(at: offset)
        var column = 1
        var i = lineStarts[line - 1]
        let end = min(offset, b.count)
        while i < end {
            if b[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return TOMLError(line: line, column: column, message: message)
    }

    func error(_ message: String) -> TOMLError { error(message, at: pos) }

    /// A short description of what is at `offset`, for "found ..." in messages.
    func found(at offset: Int) -> String {
        guard offset < b.count else { return "end of file" }
        let c = b[offset]
        switch c {
        case Byte.lf: return "end of line"
        case Byte.cr: return offset + 1 < b.count && b[offset + 1] == Byte.lf ? "end of line" : "a carriage return"
        case Byte.tab: return "a tab"
        default: break
        }
        if c < 0x20 || c == Byte.del { return "control character \(hex4(UInt32(c)))" }
        var end = offset + 1
        while end < b.count, b[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: b[offset..<end], as: UTF8.self) + "'"
    }

    func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        let i = pos + offset
        return i < b.count ? b[i] : nil
    }

    var atEnd: Bool { pos >= b.count }

    /// True at a newline (LF or CRLF) or a lone CR (which is reported where it matters).
    var atNewline: Bool { !atEnd && (b[pos] == Byte.lf || b[pos] == Byte.cr) }

    // MARK: Whitespace, comments and line ends

    mutating func skipWhitespace() {
        while pos < b.count, b[pos] == Byte.space || b[pos] == Byte.tab { pos += 1 }
    }

    /// Skips a comment, leaving `pos` at the newline (or end of file) that ends it.
    mutating func skipComment() throws {
        pos += 1  // '#'
        while pos < b.count, b[pos] != Byte.lf {
            let c = b[pos]
            if c == Byte.cr, peek(1) == Byte.lf { return }
            if Byte.isForbiddenControl(c) {
                throw error("control character \(hex4(UInt32(c))) is not allowed in a comment")
            }
            pos += 1
        }
    }

    mutating func consumeNewline() throws {
        if peek() == Byte.lf {
            pos += 1
        } else if peek() == Byte.cr, peek(1) == Byte.lf {
            pos += 2
        } else {
            throw error("expected a newline, found \(found(at: pos))")
        }
    }

    /// After a key/value pair or a table header: optional whitespace and comment, then a
    /// newline or the end of the file.
    mutating func expectLineEnd(after what: String) throws {
        skipWhitespace()
        if peek() == Byte.hash { try skipComment() }
        if atEnd { return }
        if peek() == Byte.lf || (peek() == Byte.cr && peek(1) == Byte.lf) {
            try consumeNewline()
            return
        }
        throw error("unexpected \(found(at: pos)) after \(what); expected a newline or a comment")
    }

    /// Inside arrays: whitespace, newlines and comments.
    mutating func skipWhitespaceNewlinesAndComments() throws {
        while true {
            skipWhitespace()
            guard let c = peek() else { return }
            if c == Byte.hash {
                try skipComment()
            } else if c == Byte.lf || c == Byte.cr {
                try consumeNewline()
            } else {
                return
            }
        }
    }

    // MARK: Document

    mutating func parseDocument() throws -> TOMLTable {
        while true {
            skipWhitespace()
            guard let c = peek() else { break }
            switch c {
            case Byte.lf, Byte.cr:
                try consumeNewline()
            case Byte.hash:
                try skipComment()
            case Byte.leftBracket:
                try parseTableHeader()
                try expectLineEnd(after: "the table header")
            default:
                try parseKeyValue()
                try expectLineEnd(after: "the value")
            }
        }
        return root.build()
    }

    // MARK: Keys

    mutating func parseKey() throws -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            let start = pos
            guard let c = peek() else { throw error("expected a key, found end of file") }
            let name: String
            switch c {
            case Byte.quote:
                if peek(1) == Byte.quote, peek(2) == Byte.quote {
                    throw error("a multi-line string cannot be used as a key")
                }
                name = try parseBasicString()
            case Byte.apostrophe:
                if peek(1) == Byte.apostrophe, peek(2) == Byte.apostrophe {
                    throw error("a multi-line string cannot be used as a key")
                }
                name = try parseLiteralString()
            default:
                while pos < b.count, TOMLTable.isBareKeyByte(b[pos]) { pos += 1 }
                guard pos > start else {
                    var message = "expected a key, found \(found(at: start))"
                    if c >= 0x80 { message += " (keys that are not ASCII letters, digits, '_' or '-' must be quoted)" }
                    throw error(message, at: start)
                }
                name = String(decoding: b[start..<pos], as: UTF8.self)
            }
            parts.append(KeyPart(name: name, position: start))
            if parts.count > TOMLParser.maxNestingDepth {
                throw error("key has too many dotted parts", at: start)
            }
            skipWhitespace()
            guard peek() == Byte.dot else { return parts }
            pos += 1
            skipWhitespace()
        }
    }

    // MARK: Tables

    mutating func parseTableHeader() throws {
        let open = pos
        let isArray = peek(1) == Byte.leftBracket
        pos += isArray ? 2 : 1
        skipWhitespace()
        let key = try parseKey()
        skipWhitespace()
        if isArray {
            guard peek() == Byte.rightBracket, peek(1) == Byte.rightBracket else {
                throw error("expected ']]' to close the array-of-tables header, found \(found(at: pos))")
            }
            pos += 2
        } else {
            guard peek() == Byte.rightBracket else {
                throw error("expected ']' to close the table header, found \(found(at: pos))")
            }
            pos += 1
        }
        current = try openTable(key, isArray: isArray, line: lineNumber(at: open))
        currentDepth = key.count
    }

    /// Finds or creates the table named by a `[header]` or `[[header]]`.
    func openTable(_ key: [KeyPart], isArray: Bool, line: Int) throws -> Node {
        let header = isArray ? "[[\(render(key))]]" : "[\(render(key))]"
        var node = root
        for (i, part) in key.enumerated() {
            let isLast = i == key.count - 1
            let path = render(Array(key[...i]))
            guard let item = node.items[part.name] else {
                if isLast {
                    let table = Node(kind: .header, line: line)
                    node.insert(part.name, isArray ? .tableArray([table]) : .table(table), line: line)
                    return table
                }
                let table = Node(kind: .implicit, line: line)
                node.insert(part.name, .table(table), line: line)
                node = table
                continue
            }
            let firstLine = node.lines[part.name] ?? 0
            switch item {
            case .value:
                throw error(
                    "cannot define \(header): '\(path)' is already \(describe(item)) (line \(firstLine))",
                    at: part.position)
            case .table(let table):
                guard isLast else {
                    node = table
                    continue
                }
                if isArray {
                    throw error(
                        "cannot define \(header): '\(path)' is already a table (line \(firstLine))",
                        at: part.position)
                }
                switch table.kind {
                case .implicit:
                    table.kind = .header
                    table.line = line
                    node.lines[part.name] = line
                    return table
                case .header:
                    throw error("table \(header) is defined twice (first on line \(firstLine))", at: part.position)
                case .dotted:
                    throw error(
                        "cannot define \(header): the table was already defined with dotted keys (line \(firstLine))",
                        at: part.position)
                }
            case .tableArray(var tables):
                guard isLast else {
                    node = tables[tables.count - 1]
                    continue
                }
                guard isArray else {
                    throw error(
                        "cannot define \(header): '\(path)' is already an array of tables (line \(firstLine))",
                        at: part.position)
                }
                let table = Node(kind: .header, line: line)
                tables.append(table)
                node.items[part.name] = .tableArray(tables)
                return table
            }
        }
        fatalError("unreachable: a key has at least one part")
    }

    /// Stores a key/value pair in `table`, creating the tables named by a dotted key.
    func assign(_ key: [KeyPart], _ value: TOMLValue, in table: Node, line: Int) throws {
        var node = table
        for (i, part) in key.dropLast().enumerated() {
            let path = render(Array(key[...i]))
            guard let item = node.items[part.name] else {
                let child = Node(kind: .dotted, line: line)
                node.insert(part.name, .table(child), line: line)
                node = child
                continue
            }
            let firstLine = node.lines[part.name] ?? 0
            switch item {
            case .table(let child):
                switch child.kind {
                case .header:
                    throw error(
                        "cannot add '\(render(key))' with dotted keys: table '\(path)' is defined by its own header "
                            + "(line \(firstLine))", at: part.position)
                case .implicit:
                    // Created by a deeper header; these dotted keys are what define it.
                    child.kind = .dotted
                    child.line = line
                    node.lines[part.name] = line
                case .dotted:
                    break
                }
                node = child
            case .value(.table):
                throw error(
                    "cannot add '\(render(key))': '\(path)' is an inline table (line \(firstLine)), "
                        + "which cannot be extended", at: part.position)
            default:
                throw error(
                    "cannot add '\(render(key))': '\(path)' is already \(describe(item)) (line \(firstLine))",
                    at: part.position)
            }
        }
        let last = key[key.count - 1]
        if node.items[last.name] != nil {
            let firstLine = node.lines[last.name] ?? 0
            throw error("duplicate key '\(render(key))' (first defined on line \(firstLine))", at: last.position)
        }
        node.insert(last.name, .value(value), line: line)
    }

    // MARK: Key/value pairs

    mutating func parseKeyValue() throws {
        let key = try parseKey()
        let line = lineNumber(at: key[0].position)
        try expectEquals(after: key)
        let value = try parseValue(depth: currentDepth + key.count)
        try assign(key, value, in: current, line: line)
    }

    mutating func expectEquals(after key: [KeyPart]) throws {
        skipWhitespace()
        guard peek() == Byte.equals else {
            throw error("expected '=' after the key '\(render(key))', found \(found(at: pos))")
        }
        pos += 1
        skipWhitespace()
        if atEnd || atNewline || peek() == Byte.hash {
            throw error("expected a value after '='")
        }
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws -> TOMLValue {
        guard let c = peek() else { throw error("expected a value, found end of file") }
        switch c {
        case Byte.quote:
            if peek(1) == Byte.quote, peek(2) == Byte.quote { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case Byte.apostrophe:
            if peek(1) == Byte.apostrophe, peek(2) == Byte.apostrophe {
                return .string(try parseMultilineLiteralString())
            }
            return .string(try parseLiteralString())
        case Byte.leftBracket:
            return try parseArray(depth: depth + 1)
        case Byte.leftBrace:
            return try parseInlineTable(depth: depth + 1)
        default:
            if looksLikeDate() || looksLikeTime() { return try parseDateTime() }
            if Byte.isTokenByte(c) { return try parseBareValue() }
            var message = "expected a value, found \(found(at: pos))"
            if c >= 0x80 { message += " (strings must be quoted)" }
            throw error(message)
        }
    }

    func checkDepth(_ depth: Int) throws {
        if depth > TOMLParser.maxNestingDepth {
            throw error("arrays and tables are nested too deeply (more than \(TOMLParser.maxNestingDepth) levels)")
        }
    }

    mutating func parseArray(depth: Int) throws -> TOMLValue {
        try checkDepth(depth)
        let open = pos
        pos += 1
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceNewlinesAndComments()
            guard let c = peek() else { throw error("unterminated array: no closing ']'", at: open) }
            if c == Byte.rightBracket {
                pos += 1
                return .array(elements)
            }
            elements.append(try parseValue(depth: depth))
            try skipWhitespaceNewlinesAndComments()
            guard let next = peek() else { throw error("unterminated array: no closing ']'", at: open) }
            if next == Byte.comma {
                pos += 1
            } else if next == Byte.rightBracket {
                pos += 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']' after an array element, found \(found(at: pos))")
            }
        }
    }

    mutating func parseInlineTable(depth: Int) throws -> TOMLValue {
        try checkDepth(depth)
        let open = pos
        let table = Node(kind: .header, line: lineNumber(at: open))
        pos += 1
        try skipInlineWhitespace(open: open)
        if peek() == Byte.rightBrace {
            pos += 1
            return .table(table.build())
        }
        while true {
            try skipInlineWhitespace(open: open)
            if peek() == Byte.hash { throw error("comments are not allowed inside an inline table") }
            let key = try parseKey()
            let line = lineNumber(at: key[0].position)
            try skipInlineWhitespace(open: open)
            try expectEquals(after: key)
            let value = try parseValue(depth: depth + key.count - 1)
            try assign(key, value, in: table, line: line)
            try skipInlineWhitespace(open: open)
            switch peek() {
            case Byte.comma:
                pos += 1
                try skipInlineWhitespace(open: open)
                if peek() == Byte.rightBrace {
                    throw error("a trailing comma is not allowed in an inline table")
                }
            case Byte.rightBrace:
                pos += 1
                return .table(table.build())
            case Byte.hash:
                throw error("comments are not allowed inside an inline table")
            default:
                throw error("expected ',' or '}' in the inline table, found \(found(at: pos))")
            }
        }
    }

    /// Spaces and tabs inside an inline table, where newlines are not allowed.
    mutating func skipInlineWhitespace(open: Int) throws {
        skipWhitespace()
        if atEnd { throw error("unterminated inline table: no closing '}'", at: open) }
        if atNewline { throw error("a newline is not allowed inside an inline table (outside of its values)") }
    }

    // MARK: Strings

    mutating func parseBasicString() throws -> String {
        let open = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("unterminated string: no closing '\"'", at: open) }
            switch c {
            case Byte.quote:
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case Byte.backslash:
                try parseEscape(into: &out)
            case Byte.lf:
                throw error("unterminated string: a \"...\" string must end on the same line", at: open)
            case Byte.cr where peek(1) == Byte.lf:
                throw error("unterminated string: a \"...\" string must end on the same line", at: open)
            default:
                if Byte.isForbiddenControl(c) {
                    throw error("control character \(hex4(UInt32(c))) must be escaped in a string")
                }
                out.append(c)
                pos += 1
            }
        }
    }

    mutating func parseLiteralString() throws -> String {
        let open = pos
        pos += 1
        let start = pos
        while true {
            guard let c = peek() else { throw error("unterminated string: no closing \"'\"", at: open) }
            switch c {
            case Byte.apostrophe:
                pos += 1
                return String(decoding: b[start..<(pos - 1)], as: UTF8.self)
            case Byte.lf:
                throw error("unterminated string: a '...' string must end on the same line", at: open)
            case Byte.cr where peek(1) == Byte.lf:
                throw error("unterminated string: a '...' string must end on the same line", at: open)
            default:
                if Byte.isForbiddenControl(c) {
                    throw error("control character \(hex4(UInt32(c))) is not allowed in a literal string")
                }
                pos += 1
            }
        }
    }

    /// Skips the newline that may directly follow the opening delimiter of a multi-line string.
    mutating func skipFirstNewline() {
        if peek() == Byte.lf {
            pos += 1
        } else if peek() == Byte.cr, peek(1) == Byte.lf {
            pos += 2
        }
    }

    /// At a run of `delimiter` bytes inside a multi-line string: returns true (and appends
    /// up to two delimiter characters that belong to the content) if the run closes it.
    mutating func closesMultiline(_ delimiter: UInt8, into out: inout [UInt8]) throws -> Bool {
        var n = 0
        while peek(n) == delimiter { n += 1 }
        if n < 3 {
            out.append(contentsOf: repeatElement(delimiter, count: n))
            pos += n
            return false
        }
        if n > 5 {
            throw error("too many quotes in a row inside a multi-line string (escape them or use fewer)")
        }
        out.append(contentsOf: repeatElement(delimiter, count: n - 3))
        pos += n
        return true
    }

    mutating func parseMultilineBasicString() throws -> String {
        let open = pos
        pos += 3
        skipFirstNewline()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("unterminated multi-line string: no closing '\"\"\"'", at: open) }
            switch c {
            case Byte.quote:
                if try closesMultiline(Byte.quote, into: &out) { return String(decoding: out, as: UTF8.self) }
            case Byte.backslash:
                // A backslash that ends a line trims it and all whitespace and newlines after it.
                var j = pos + 1
                while j < b.count, b[j] == Byte.space || b[j] == Byte.tab { j += 1 }
                if j < b.count, b[j] == Byte.lf || (b[j] == Byte.cr && j + 1 < b.count && b[j + 1] == Byte.lf) {
                    pos = j
                    while let w = peek() {
                        if w == Byte.space || w == Byte.tab || w == Byte.lf {
                            pos += 1
                        } else if w == Byte.cr, peek(1) == Byte.lf {
                            pos += 2
                        } else {
                            break
                        }
                    }
                } else {
                    try parseEscape(into: &out)
                }
            case Byte.lf:
                out.append(Byte.lf)
                pos += 1
            case Byte.cr where peek(1) == Byte.lf:
                out.append(Byte.lf)
                pos += 2
            default:
                if Byte.isForbiddenControl(c) {
                    throw error("control character \(hex4(UInt32(c))) must be escaped in a string")
                }
                out.append(c)
                pos += 1
            }
        }
    }

    mutating func parseMultilineLiteralString() throws -> String {
        let open = pos
        pos += 3
        skipFirstNewline()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("unterminated multi-line string: no closing \"'''\"", at: open) }
            switch c {
            case Byte.apostrophe:
                if try closesMultiline(Byte.apostrophe, into: &out) { return String(decoding: out, as: UTF8.self) }
            case Byte.lf:
                out.append(Byte.lf)
                pos += 1
            case Byte.cr where peek(1) == Byte.lf:
                out.append(Byte.lf)
                pos += 2
            default:
                if Byte.isForbiddenControl(c) {
                    throw error("control character \(hex4(UInt32(c))) is not allowed in a literal string")
                }
                out.append(c)
                pos += 1
            }
        }
    }

    /// At a backslash in a basic string: decodes one escape sequence.
    mutating func parseEscape(into out: inout [UInt8]) throws {
        let start = pos
        pos += 1
        guard let c = peek() else { throw error("unterminated escape sequence", at: start) }
        pos += 1
        switch c {
        case 0x62: out.append(0x08)  // \b
        case 0x74: out.append(0x09)  // \t
        case 0x6E: out.append(0x0A)  // \n
        case 0x66: out.append(0x0C)  // \f
        case 0x72: out.append(0x0D)  // \r
        case Byte.quote: out.append(Byte.quote)
        case Byte.backslash: out.append(Byte.backslash)
        case 0x75, 0x55:  // \uXXXX, \UXXXXXXXX
            let count = c == 0x75 ? 4 : 8
            var value: UInt32 = 0
            for k in 0..<count {
                guard let h = peek(k), Byte.isHexDigit(h) else {
                    throw error(
                        "invalid escape sequence: \\\(c == 0x75 ? "u" : "U") must be followed by \(count) "
                            + "hexadecimal digits", at: start)
                }
                value = value << 4 | Byte.hexValue(h)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("invalid escape sequence: \(hex4(value)) is not a Unicode scalar value", at: start)
            }
            pos += count
            UTF8.encode(scalar) { out.append($0) }
        default:
            if c > 0x20, c < 0x7F {
                throw error("invalid escape sequence '\\\(String(UnicodeScalar(c)))'", at: start)
            }
            throw error("invalid escape sequence: a backslash followed by \(found(at: pos - 1))", at: start)
        }
    }

    // MARK: Dates and times

    func digits(at offset: Int, _ count: Int) -> Bool {
        guard pos + offset + count <= b.count else { return false }
        return (0..<count).allSatisfy { Byte.isDigit(b[pos + offset + $0]) }
    }

    func looksLikeDate() -> Bool { digits(at: 0, 4) && peek(4) == Byte.minus }
    func looksLikeTime() -> Bool { digits(at: 0, 2) && peek(2) == Byte.colon }

    mutating func readNumber(_ count: Int, _ what: String, _ range: ClosedRange<Int>) throws -> Int {
        guard digits(at: 0, count) else { throw error("invalid date-time: expected \(count) digits for the \(what)") }
        var v = 0
        for k in 0..<count { v = v * 10 + Int(b[pos + k] - Byte.zero) }
        guard range.contains(v) else { throw error("invalid date-time: \(what) \(v) is out of range") }
        pos += count
        return v
    }

    mutating func expect(_ c: UInt8, _ what: String) throws {
        guard peek() == c else { throw error("invalid date-time: expected \(what), found \(found(at: pos))") }
        pos += 1
    }

    mutating func parseTime() throws {
        _ = try readNumber(2, "hour", 0...23)
        try expect(Byte.colon, "':'")
        _ = try readNumber(2, "minute", 0...59)
        try expect(Byte.colon, "':' and seconds (TOML 1.0 times have seconds)")
        _ = try readNumber(2, "second", 0...60)
        if peek() == Byte.dot {
            pos += 1
            guard let d = peek(), Byte.isDigit(d) else {
                throw error("invalid date-time: expected digits after '.' in the seconds")
            }
            while let d = peek(), Byte.isDigit(d) { pos += 1 }
        }
    }

    mutating func parseDateTime() throws -> TOMLValue {
        let start = pos
        if looksLikeDate() {
            let year = try readNumber(4, "year", 0...9999)
            try expect(Byte.minus, "'-'")
            let month = try readNumber(2, "month", 1...12)
            try expect(Byte.minus, "'-'")
            let dayPos = pos
            let day = try readNumber(2, "day", 1...31)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            guard day <= monthDays else {
                throw error("invalid date-time: day \(day) is out of range for month \(month)", at: dayPos)
            }
            let sep = peek()
            let spaceThenTime = sep == Byte.space && digits(at: 1, 2) && peek(3) == Byte.colon
            if sep == 0x54 || sep == 0x74 || spaceThenTime {  // 'T', 't' or ' '
                pos += 1
                try parseTime()
                switch peek() {
                case 0x5A, 0x7A:  // 'Z', 'z'
                    pos += 1
                case Byte.plus, Byte.minus:
                    pos += 1
                    _ = try readNumber(2, "offset hour", 0...23)
                    try expect(Byte.colon, "':' in the offset")
                    _ = try readNumber(2, "offset minute", 0...59)
                default:
                    break
                }
            }
        } else {
            try parseTime()
        }
        if let c = peek(), Byte.isTokenByte(c) || c == Byte.colon {
            throw error("invalid date-time: unexpected \(found(at: pos))")
        }
        return .datetime(String(decoding: b[start..<pos], as: UTF8.self))
    }

    // MARK: Numbers and booleans

    mutating func parseBareValue() throws -> TOMLValue {
        let start = pos
        while let c = peek(), Byte.isTokenByte(c) { pos += 1 }
        let token = b[start..<pos]
        let text = String(decoding: token, as: UTF8.self)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        return try parseNumber(token, text: text)
    }

    /// Scans digits of `radix` from `i`, with underscores allowed only between digits.
    /// Returns the digits without underscores.
    func scanDigits(_ token: ArraySlice<UInt8>, _ i: inout Int, radix: Int, what: String) throws -> [UInt8] {
        func isDigit(_ c: UInt8) -> Bool {
            switch radix {
            case 16: return Byte.isHexDigit(c)
            case 8: return c >= Byte.zero && c <= 0x37
            case 2: return c == Byte.zero || c == 0x31
            default: return Byte.isDigit(c)
            }
        }
        guard i < token.endIndex, isDigit(token[i]) else {
            throw error("invalid number: expected \(what)", at: i)
        }
        var digits: [UInt8] = []
        while i < token.endIndex {
            let c = token[i]
            if isDigit(c) {
                digits.append(c)
                i += 1
            } else if c == Byte.underscore {
                guard i + 1 < token.endIndex, isDigit(token[i + 1]) else {
                    throw error("invalid number: an underscore must be between two digits", at: i)
                }
                i += 1
            } else {
                break
            }
        }
        return digits
    }

    /// The radix named by the letter after a leading zero: 0x, 0o, 0b (lowercase only).
    static func radix(prefix c: UInt8) -> Int? {
        switch c {
        case 0x78: return 16  // x
        case 0x6F: return 8  // o
        case 0x62: return 2  // b
        default: return nil
        }
    }

    func parseNumber(_ token: ArraySlice<UInt8>, text: String) throws -> TOMLValue {
        let start = token.startIndex
        let end = token.endIndex
        var i = start
        var negative = false
        var signed = false
        if token[i] == Byte.plus || token[i] == Byte.minus {
            signed = true
            negative = token[i] == Byte.minus
            i += 1
        }
        guard i < end, Byte.isDigit(token[i]) else {
            if Byte.isLetter(token[start]) {
                throw error("invalid value '\(text)' (strings must be quoted; booleans are true or false)", at: start)
            }
            throw error("invalid number '\(text)'", at: start)
        }

        // Hexadecimal, octal and binary integers.
        if token[i] == Byte.zero, i + 1 < end, let radix = Self.radix(prefix: token[i + 1]) {
            if signed {
                throw error("invalid number '\(text)': hexadecimal, octal and binary integers cannot have a sign", at: start)
            }
            i += 2
            let digits = try scanDigits(token, &i, radix: radix, what: "digits after '\(text.prefix(2))'")
            guard i == end else { throw error("invalid number '\(text)'", at: start) }
            var value: UInt64 = 0
            for d in digits {
                let (shifted, o1) = value.multipliedReportingOverflow(by: UInt64(radix))
                let (sum, o2) = shifted.addingReportingOverflow(UInt64(Byte.hexValue(d)))
                guard !o1, !o2 else { throw error("integer '\(text)' is out of range (64-bit)", at: start) }
                value = sum
            }
            guard value <= UInt64(Int64.max) else { throw error("integer '\(text)' is out of range (64-bit)", at: start) }
            return .integer(Int64(value))
        }

        let intDigits = try scanDigits(token, &i, radix: 10, what: "digits")
        if intDigits.count > 1, intDigits[0] == Byte.zero {
            throw error("invalid number '\(text)': leading zeros are not allowed", at: start)
        }
        var isFloat = false
        if i < end, token[i] == Byte.dot {
            isFloat = true
            i += 1
            _ = try scanDigits(token, &i, radix: 10, what: "digits after the decimal point")
        }
        if i < end, token[i] == 0x65 || token[i] == 0x45 {  // 'e', 'E'
            isFloat = true
            i += 1
            if i < end, token[i] == Byte.plus || token[i] == Byte.minus { i += 1 }
            _ = try scanDigits(token, &i, radix: 10, what: "digits in the exponent")
        }
        guard i == end else { throw error("invalid number '\(text)'", at: start) }

        if isFloat {
            let clean = String(decoding: token.filter { $0 != Byte.underscore }, as: UTF8.self)
            guard let d = Double(clean), d.isFinite else {
                throw error("float '\(text)' is out of range", at: start)
            }
            return .float(d)
        }
        var magnitude: UInt64 = 0
        for d in intDigits {
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(UInt64(d - Byte.zero))
            guard !o1, !o2 else { throw error("integer '\(text)' is out of range (64-bit)", at: start) }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw error("integer '\(text)' is out of range (64-bit)", at: start)
            }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { throw error("integer '\(text)' is out of range (64-bit)", at: start) }
        return .integer(Int64(magnitude))
    }
}
