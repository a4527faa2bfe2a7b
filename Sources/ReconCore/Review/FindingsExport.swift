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
        /// The order of the list.
        public var order: Order = .severity
        public init() {}
    }

    /// The orders the list offers, each read from an index of its own (schema v6, v7).
    public enum Order: String, CaseIterable, Sendable {
        /// High, medium, info; then code and subject.
        case severity
        /// Money at stake, largest first.
        case amount
        /// Newest first found first.
        case recent
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

    /// One page of the filtered findings, in the filter's order.
    public func rows(_ f: Filter, limit: Int?, offset: Int) throws -> [[String: SQLValue]] {
        try db.prepare(Self.pageSQL(f, limit: limit, offset: offset), persistent: false).query(Self.query(f).params)
            .map { row in Dictionary(uniqueKeysWithValues: zip(Self.columns, row)) }
    }

    /// The SQL of `rows`. A page is found first by its keys alone — the list's indexes hold them, so
    /// skipping to page 5,000 steps through index entries, not whole findings — and only its rows are read.
    static func pageSQL(_ f: Filter, limit: Int?, offset: Int) -> String {
        let q = query(f)
        let select = "SELECT \(columns.joined(separator: ", ")) FROM findings"
        guard let limit else { return "\(select) INDEXED BY \(q.index) WHERE \(q.condition) ORDER BY \(q.order)" }
        return """
            \(select) WHERE (code, subject) IN (\(keysSQL(q, limit: limit, offset: offset))) ORDER BY \(q.order)
            """
    }

    /// The keys of one page, read from the order's index alone.
    static func keysSQL(_ q: (condition: String, params: [SQLValue], order: String, index: String), limit: Int, offset: Int) -> String {
        "SELECT code, subject FROM findings INDEXED BY \(q.index) WHERE \(q.condition) ORDER BY \(q.order) LIMIT \(max(0, limit)) OFFSET \(max(0, offset))"
    }

    /// A page of the filtered findings and how many the filter keeps, in one walk along the index when
    /// the filter is narrow (a searched ID number): up to `narrow` keys are read first; when that is
    /// all of them they give the count and the page, otherwise the page is read and the findings are
    /// counted — a filtered list only up to `countUpTo` or just past the page, whichever is more
    /// (`exact` false: "more than"), so a broad filter is not walked to its end for its count.
    public func page(_ f: Filter, size: Int, offset: Int, narrow: Int = 1000,
                     countUpTo: Int = 10_000) throws -> (rows: [[String: SQLValue]], total: Int, exact: Bool) {
        let q = Self.query(f)
        let keys = try db.prepare(Self.keysSQL(q, limit: narrow + 1, offset: 0), persistent: false).query(q.params)
        guard keys.count <= narrow else {
            let rows = try rows(f, limit: size, offset: offset)
            if q.params.isEmpty { return (rows, try count(f), true) }
            let cap = max(countUpTo, offset + size)
            let n = Int(try db.scalarInt("SELECT count(*) FROM (SELECT 1 FROM findings INDEXED BY findings_list WHERE \(q.condition) LIMIT \(cap + 1))",
                                         q.params) ?? 0)
            return (rows, min(n, cap), n <= cap)
        }
        let one = try db.prepare("SELECT \(Self.columns.joined(separator: ", ")) FROM findings WHERE code = ? AND subject = ?",
                                 persistent: false)
        let rows = try keys.dropFirst(max(0, offset)).prefix(max(0, size)).compactMap { key in
            try one.query(key).first.map { Dictionary(uniqueKeysWithValues: zip(Self.columns, $0)) }
        }
        return (rows, keys.count, true)
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
        // Unfiltered, SQLite counts along its smallest index.
        let from = q.params.isEmpty ? "findings" : "findings INDEXED BY findings_list"
        return Int(try db.scalarInt("SELECT count(*) FROM \(from) WHERE \(q.condition)", q.params) ?? 0)
    }

    /// The list's order, high, medium, info — the expression of the `findings_list` index, spelled the same.
    static let severityRank = "CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END"

    /// The ORDER BY of the other orders, spelled as their indexes (`findings_amount`, `findings_recent`).
    static func orderBy(_ order: Order) -> String? {
        switch order {
        case .severity: return nil
        case .amount: return "COALESCE(amount_fen, 0) DESC, code, subject"
        case .recent: return "first_seen_at DESC, code, subject"
        }
    }

    /// The WHERE condition of a filter, its bound values (every value bound, never spliced), the ORDER
    /// BY, and the index that serves both: each order's index holds every column a filter tests, so a
    /// page — however deep, whatever the filter — is a walk along one index without reading a finding
    /// or sorting (`findings_list`, `findings_amount`, `findings_recent`).
    static func query(_ f: Filter) -> (condition: String, params: [SQLValue], order: String, index: String) {
        var sql = "1 = 1"
        var params: [SQLValue] = []
        let known = f.code.flatMap(FindingCode.init(rawValue:))
        let contradicts = f.severity != nil && known != nil && known!.severity.rawValue != f.severity
        let rank = (f.severity ?? known?.severity.rawValue).flatMap { ["high": 0, "medium": 1, "info": 2][$0] }
        var order = orderBy(f.order) ?? "\(severityRank), code, subject"
        if contradicts { sql += " AND 0" }
        if let rank {
            sql += " AND \(severityRank) = ?"
            params.append(.int(Int64(rank)))
            // The rank fixed, the index's next columns give the order (SQLite would sort on seeing the
            // constant rank in the ORDER BY).
            if f.order == .severity { order = "code, subject" }
        } else if f.severity != nil {
            sql += " AND 0"
        }
        // In another order a fixed code is tested, not searched ('+'): SQLite would otherwise drop it
        // from the ORDER BY and sort what follows it.
        let code = f.order == .severity ? "code" : "+code"
        for (column, value) in [(code, f.code), ("status", f.status), ("review_state", f.reviewState), ("town_code", f.town),
                                ("village_code", f.village), ("channel", f.channel)] {
            if let value { sql += " AND \(column) = ?"; params.append(.text(value)) }
        }
        if let s = f.subjectContains { sql += " AND instr(subject, ?) > 0"; params.append(.text(s)) }
        // Run times are 'YYYY-MM-DD HH:MM:SS': on or after a day's date, before its date followed by '~'.
        if let d = f.from { sql += " AND first_seen_at >= ?"; params.append(.text(d.description)) }
        if let d = f.to { sql += " AND first_seen_at < ?"; params.append(.text(d.description + "~")) }
        let index = ["severity": "findings_list", "amount": "findings_amount", "recent": "findings_recent"][f.order.rawValue]!
        return (sql, params, order, index)
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
