import Foundation
import SQLiteStore

/// Reads `findings_v1` for reports: every column, optionally filtered, as JSON-ready rows.
public struct FindingsExport {
    /// Filters of the audit bureau's `findings` report; nil means any.
    public struct Filter: Sendable {
        public var code: String?
        public var severity: String?
        public var status: String?
        public var reviewState: String?
        public var town: String?
        public var village: String?
        public var channel: String?
        public var subjectContains: String?
        /// First found (first_seen_at) on or after this day.
        public var from: LocalDate?
        /// First found on or before this day.
        public var to: LocalDate?
        public init() {}
    }

    public static let columns = [
        "code", "subject", "severity", "status", "year", "id_number", "insurance", "channel", "txn_ref", "town_code",
        "village_code", "amount_fen", "detail", "first_seen_at", "last_seen_at", "review_state", "review_note",
    ]

    let db: Connection
    public init(db: Connection) { self.db = db }

    public func rows(_ f: Filter = Filter()) throws -> [[String: SQLValue]] {
        try rows(f, limit: nil, offset: 0)
    }

    /// One page of the filtered findings, in the list's order (severity, code, subject).
    public func rows(_ f: Filter, limit: Int?, offset: Int) throws -> [[String: SQLValue]] {
        let q = Self.query(f)
        var sql = "SELECT \(Self.columns.joined(separator: ", ")) FROM findings_v1 WHERE \(q.condition) ORDER BY \(q.order)"
        if let limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))" }
        return try db.prepare(sql, persistent: false).query(q.params).map { row in
            Dictionary(uniqueKeysWithValues: zip(Self.columns, row))
        }
    }

    /// One finding by its key (code, subject), as `rows` gives it; nil when there is none.
    public func row(code: String, subject: String) throws -> [String: SQLValue]? {
        try db.prepare("SELECT \(Self.columns.joined(separator: ", ")) FROM findings_v1 WHERE code = ? AND subject = ?",
                       persistent: false).query([.text(code), .text(subject)]).first
            .map { Dictionary(uniqueKeysWithValues: zip(Self.columns, $0)) }
    }

    /// The query of `sameID`: `findings_person` serves it (the `<> ''` lets the partial index be used).
    static let sameIDQuery = """
        SELECT code, subject, status, review_state FROM findings WHERE id_number = ? AND id_number <> ''
            AND NOT (code = ? AND subject = ?) ORDER BY code, subject LIMIT 50
        """

    /// Up to 50 other findings of the same ID number (code, subject, status, review_state).
    public func sameID(_ id: String, except key: (code: String, subject: String)) throws -> [[String: SQLValue]] {
        guard !id.isEmpty else { return [] }
        return try db.prepare(Self.sameIDQuery, persistent: false).query([.text(id), .text(key.code), .text(key.subject)]).map {
            Dictionary(uniqueKeysWithValues: zip(["code", "subject", "status", "review_state"], $0))
        }
    }

    /// How many findings the filter keeps.
    public func count(_ f: Filter) throws -> Int {
        let q = Self.query(f)
        return Int(try db.scalarInt("SELECT count(*) FROM findings_v1 WHERE \(q.condition)", q.params) ?? 0)
    }

    /// The list's order, high, medium, info — the expression of the `findings_list` index, spelled the same.
    static let severityRank = "CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END"

    /// The WHERE condition of a filter, its bound values (every value bound, never spliced) and the
    /// ORDER BY that reads it without sorting: with a code or a severity (which names its codes) the
    /// primary key's ranges, in (code, subject) order; otherwise the `findings_list` index.
    static func query(_ f: Filter) -> (condition: String, params: [SQLValue], order: String) {
        var sql = "1 = 1"
        var params: [SQLValue] = []
        let known = f.code.flatMap(FindingCode.init(rawValue:))
        let contradicts = f.severity != nil && known != nil && known!.severity.rawValue != f.severity
        let rank = (f.severity ?? known?.severity.rawValue).flatMap { ["high": 0, "medium": 1, "info": 2][$0] }
        var order = "\(severityRank), code, subject"
        if contradicts {
            sql += " AND 0"
        } else if let code = f.code {
            // One code: its range of the primary key, already in (code, subject) order.
            sql += " AND code = ?"
            params.append(.text(code))
            order = "code, subject"
        } else if f.town != nil || (f.reviewState != nil && f.status != nil) {
            // The town's index, or the review state's and status's: their columns, the severity's rank,
            // then (code, subject) in order.
            if let rank {
                sql += " AND \(severityRank) = ?"
                params.append(.int(Int64(rank)))
                order = "code, subject"
            }
        } else if let severity = f.severity {
            let codes = FindingCode.allCases.filter { $0.severity.rawValue == severity }.map(\.rawValue).sorted()
            sql += codes.isEmpty ? " AND 0" : " AND code IN (\(codes.map { _ in "?" }.joined(separator: ", ")))"
            params += codes.map { .text($0) }
            order = "code, subject"
        }
        for (column, value) in [("status", f.status), ("review_state", f.reviewState), ("town_code", f.town),
                                ("village_code", f.village), ("channel", f.channel)] {
            if let value { sql += " AND \(column) = ?"; params.append(.text(value)) }
        }
        if let s = f.subjectContains { sql += " AND instr(subject, ?) > 0"; params.append(.text(s)) }
        if let d = f.from { sql += " AND substr(first_seen_at, 1, 10) >= ?"; params.append(.text(d.description)) }
        if let d = f.to { sql += " AND substr(first_seen_at, 1, 10) <= ?"; params.append(.text(d.description)) }
        return (sql, params, order)
    }

    /// A JSON array, one object per finding, keys = the columns of findings_v1 (detail as an object).
    public func json(_ f: Filter = Filter()) throws -> String {
        let objects: [[String: Any]] = try rows(f).map { row in
            var o: [String: Any] = [:]
            for (k, v) in row {
                switch v {
                case .null: o[k] = NSNull()
                case .int(let i): o[k] = i
                case .double(let d): o[k] = d
                case .text(let s):
                    if k == "detail", let data = s.data(using: .utf8),
                       let parsed = try? JSONSerialization.jsonObject(with: data) {
                        o[k] = parsed
                    } else {
                        o[k] = s
                    }
                case .blob(let b): o[k] = b.count
                }
            }
            return o
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
