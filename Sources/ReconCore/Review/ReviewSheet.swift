/// A `recon-report findings --format csv` export that a reviewer edited (in Excel, usually) and hands
/// back: each row's `review_state` / `review_note` is a decision on the finding (`code`, `subject`).
///
/// Read the way Excel writes: UTF-8 with or without a byte-order mark — or GB18030, which Excel's plain
/// "CSV" save uses on Chinese Windows — CRLF or LF, RFC 4180 quoting (notes may hold commas, quotes and
/// line breaks), columns found by their header names in any order, extra columns ignored.
public struct ReviewSheet: Sendable {
    /// One row that asks for a decision.
    public struct Row: Sendable, Equatable {
        /// Physical line (1-based, the header is line 1) where the record starts.
        public var line: Int
        public var code: String
        public var subject: String
        /// As written, trimmed and lower-cased.
        public var state: String
        public var note: String
    }

    /// A row that could not be applied, and why.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var code: String
        public var subject: String
        public var reason: String
        public var description: String {
            "line \(line)" + (code.isEmpty && subject.isEmpty ? "" : " (\(code) \(subject))") + ": \(reason)"
        }
    }

    /// Why the file as a whole cannot be read.
    enum Problem: Error, CustomStringConvertible, Equatable {
        case missingColumns([String])
        case empty
        case unterminatedQuote(line: Int)

        var description: String {
            switch self {
            case .missingColumns(let c):
                return "the CSV has no column \(c.joined(separator: ", ")) (export it with recon-report findings --format csv)"
            case .empty: return "the CSV is empty"
            case .unterminatedQuote(let l): return "line \(l): a quoted field is never closed"
            }
        }
    }

    public private(set) var rows: [Row] = []
    /// Rows broken in themselves (wrong field count, missing code or subject).
    public private(set) var failures: [Failure] = []

    static let required = ["code", "subject", "review_state", "review_note"]
    /// The same columns as the findings report titles them for people.
    static let chineseTitles = ["代码": "code", "对象": "subject", "审核状态": "review_state", "审核意见": "review_note"]

    /// Reads the sheet.
    /// - Throws: `Problem` when the header lacks a required column or a quote is never closed.
    public init(bytes: [UInt8]) throws {
        var b = bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { b.removeFirst(3) }
        if String(validating: b, as: UTF8.self) == nil, let text = TextDecoder(encoding: .gb18030).decode(b) {
            b = Array(text.utf8)
        }
        let records = try Self.records(b)
        guard let header = records.first else { throw Problem.empty }
        let names = header.fields.map { name -> String in
            let n = name.trimmingSpaces.lowercased()
            return Self.chineseTitles[n] ?? n
        }
        var index: [String: Int] = [:]
        for k in Self.required { if let i = names.firstIndex(of: k) { index[k] = i } }
        let missing = Self.required.filter { index[$0] == nil }
        guard missing.isEmpty else { throw Problem.missingColumns(missing) }
        for r in records.dropFirst() {
            if r.fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            func field(_ k: String) -> String? {
                let i = index[k]!
                return i < r.fields.count ? FormulaGuard.undefused(r.fields[i]) : nil
            }
            if r.malformed {
                failures.append(Failure(line: r.line, code: "", subject: "", reason: "malformed quoting"))
                continue
            }
            guard r.fields.count == names.count, let code = field("code"), let subject = field("subject"),
                  let state = field("review_state"), let note = field("review_note") else {
                failures.append(Failure(line: r.line, code: "", subject: "",
                                        reason: "\(r.fields.count) fields, the header has \(names.count)"))
                continue
            }
            let c = code.trimmingSpaces, s = subject.trimmingSpaces
            guard !c.isEmpty, !s.isEmpty else {
                failures.append(Failure(line: r.line, code: c, subject: s, reason: "code or subject is empty"))
                continue
            }
            rows.append(Row(line: r.line, code: c, subject: s, state: state.trimmingSpaces.lowercased(),
                            note: note.trimmingSpaces))
        }
    }


    struct Record { var line: Int; var fields: [String]; var malformed = false }

    /// RFC 4180 records with the physical line each starts on (quoted fields may span lines).
    static func records(_ b: [UInt8]) throws -> [Record] {
        var out: [Record] = []
        var fields = Fields()
        var pending: [UInt8] = []
        var pendingLine = 0
        var lineNo = 0
        var start = 0
        func emit(_ record: [UInt8], _ line: Int) -> Bool {
            var malformed = false
            let done = record.withUnsafeBytes { fields.splitQuoted($0, delimiter: 0x2C, strip: .none, malformed: &malformed) }
            if !done && !malformed { return false }
            var values: [String] = []
            if done {
                for i in 0..<fields.count { values.append(fields.withField(i) { String(decoding: $0, as: UTF8.self) }) }
            }
            out.append(Record(line: line, fields: values, malformed: malformed))
            return true
        }
        while start <= b.count {
            var end = start
            while end < b.count && b[end] != 0x0A { end += 1 }
            if end == b.count && start == b.count { break }
            lineNo += 1
            var line = Array(b[start..<end])
            if line.last == 0x0D { line.removeLast() }
            if pending.isEmpty {
                if !emit(line, lineNo) { pending = line; pendingLine = lineNo }
            } else {
                pending.append(0x0A)
                pending += line
                if emit(pending, pendingLine) { pending = [] }
            }
            start = end + 1
        }
        if !pending.isEmpty { throw Problem.unterminatedQuote(line: pendingLine) }
        return out
    }
}
