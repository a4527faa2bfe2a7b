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
        var sql = "SELECT \(Self.columns.joined(separator: ", ")) FROM findings_v1 WHERE 1 = 1"
        var params: [SQLValue] = []
        for (column, value) in [("code", f.code), ("severity", f.severity), ("status", f.status),
                                ("review_state", f.reviewState), ("town_code", f.town), ("village_code", f.village),
                                ("channel", f.channel)] {
            if let value { sql += " AND \(column) = ?"; params.append(.text(value)) }
        }
        if let s = f.subjectContains { sql += " AND instr(subject, ?) > 0"; params.append(.text(s)) }
        if let d = f.from { sql += " AND substr(first_seen_at, 1, 10) >= ?"; params.append(.text(d.description)) }
        if let d = f.to { sql += " AND substr(first_seen_at, 1, 10) <= ?"; params.append(.text(d.description)) }
        sql += " ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code, subject"
        return try db.prepare(sql, persistent: false).query(params).map { row in
            Dictionary(uniqueKeysWithValues: zip(Self.columns, row))
        }
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
