/// What a generated inbox holds and which findings must be open after reconciling all of it.
public struct Manifest: Codable, Sendable, Equatable {
    public struct FileEntry: Codable, Sendable, Equatable {
        public var name: String
        /// wechat / alipay / unionpay / ccb_pos / bank / ledger / enrollment / deaths / assistance / employee /
        /// disbursement; nil when the name matches no format.
        public var format: String?
        /// `YYYY-MM-DD`: the date in the name (for bank files, of the batch number).
        public var fileDate: String?
        /// ingested / quarantined / duplicate
        public var status: String
        /// nil, or corrupt_gzip, truncated_gzip, missing_footer, wrong_totals, broken_line, bad_gbk,
        /// unrecognised_name, bad_header, duplicate_delivery
        public var damage: String?
        /// Data lines the file holds (header, comment, summary and trailer lines excluded; failed bank
        /// debits and rejected lines included). 0 when the gzip stream itself is unreadable.
        public var rows: Int
        public var rejectedRows: Int
        /// Distinct new payment / reversal identities this file adds to payments_v1 (first sightings).
        public var payments: Int
        public var reversals: Int
        /// What the damage does to the data (which copy counts, which findings it causes).
        public var note: String?

        enum CodingKeys: String, CodingKey {
            case name, format, fileDate, status, damage, rows, rejectedRows, payments, reversals, note
        }

        public init(name: String, format: String?, fileDate: String?, status: String, damage: String?, rows: Int,
                    rejectedRows: Int, payments: Int, reversals: Int, note: String?) {
            self.name = name; self.format = format; self.fileDate = fileDate; self.status = status; self.damage = damage
            self.rows = rows; self.rejectedRows = rejectedRows; self.payments = payments; self.reversals = reversals
            self.note = note
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(format, forKey: .format)
            try c.encode(fileDate, forKey: .fileDate)
            try c.encode(status, forKey: .status)
            try c.encode(damage, forKey: .damage)
            try c.encode(rows, forKey: .rows)
            try c.encode(rejectedRows, forKey: .rejectedRows)
            try c.encode(payments, forKey: .payments)
            try c.encode(reversals, forKey: .reversals)
            try c.encode(note, forKey: .note)
        }
    }

    public struct PlantedFinding: Codable, Sendable, Hashable {
        public var code: String
        public var subject: String
        var severity: String
        var note: String
        init(code: String, subject: String, severity: String, note: String) {
            self.code = code; self.subject = subject; self.severity = severity; self.note = note
        }
    }

    public var seed: UInt64
    public var scale: Double
    public var year: Int
    /// Newest file date of the ingested statement and ledger files.
    public var asOf: String
    public var files: [FileEntry]
    /// Rows of payments_v1: distinct payments and reversals over the whole inbox.
    public var payments: Int
    public var reversals: Int
    /// Exactly the findings open after reconciling the whole inbox with as_of = asOf.
    public var findings: [PlantedFinding]
    public var plantedCounts: [String: Int]
    /// Situations planted on purpose that must open nothing (with the subject they concern, if any).
    var nearMisses: [String]
}
