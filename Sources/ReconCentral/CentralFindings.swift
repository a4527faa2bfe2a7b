/// `central_findings_v1`, filtered as `recon-report findings` filters a county's findings (plus the
/// county involved); every value bound, never spliced.
public struct CentralFindings {
    public struct Filter: Sendable {
        public var code: String?
        public var severity: String?
        public var status: String?
        public var reviewState: String?
        /// One of the counties involved.
        public var county: String?
        public var subjectContains: String?
        /// First found on or after / on or before (YYYY-MM-DD).
        public var from: String?
        public var to: String?
        public init() {}
    }

    public static let columns = ["code", "subject", "severity", "status", "year", "id_number", "insurance", "counties",
                                 "amount_fen", "detail", "first_seen_at", "last_seen_at", "review_state", "review_note"]

    public let pg: PGConnection
    public init(_ pg: PGConnection) { self.pg = pg }

    /// The filtered findings, high severity first, then by code and subject; values as text.
    public func rows(_ f: Filter) throws -> [[String?]] {
        var sql = "SELECT \(Self.columns.joined(separator: ", ")) FROM central_findings_v1 WHERE true"
        var params: [String?] = []
        func bind(_ condition: String, _ value: String?) {
            guard let value else { return }
            params.append(value)
            sql += " AND " + condition.replacingOccurrences(of: "?", with: "$\(params.count)")
        }
        bind("code = ?", f.code)
        bind("severity = ?", f.severity)
        bind("status = ?", f.status)
        bind("review_state = ?", f.reviewState)
        bind("? = ANY (string_to_array(counties, ','))", f.county)
        bind("strpos(subject, ?) > 0", f.subjectContains)
        bind("first_seen_at >= ?", f.from)
        bind("first_seen_at < ? || '~'", f.to)
        sql += " ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, code, subject"
        return try pg.query(sql, params)
    }
}
