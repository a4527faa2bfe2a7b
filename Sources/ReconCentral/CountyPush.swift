import Foundation
import ReconCore
import SQLiteStore

/// A county's push (CENTRAL.md): its files, payments, current roster, standing death records,
/// findings and reviews, each row tagged with the county, made the central store's rows of that
/// county in one transaction as the county's own role — COPY into temporary stages, then a merge
/// that writes only what changed (`sql/central/push_merge.sql`). An interrupted push leaves the
/// central rows as they were; the next push ends as an uninterrupted one would. A `pushes` row
/// records each attempt (running, then ok or failed with the error).
public struct CountyPush {
    /// What one push sent (the county's whole current state) and which keyless tables it replaced.
    public struct Outcome: Sendable, Equatable {
        public var pushID: Int64
        public var files = 0, payments = 0, rosterRows = 0, deaths = 0, findings = 0, reviews = 0
        /// The keyless tables whose content had changed (files, roster, reviews).
        public var replaced: [String] = []
    }

    public let settings: CentralSettings
    /// The longest one statement of a push may take: a server that stalls must not hold the county's
    /// read transaction (and the daemon's push thread) for ever. The county's own work never waits.
    static let statementTimeout = 900
    /// The county's SQLite database.
    public let database: String

    public init(settings: CentralSettings, database: String) {
        self.settings = settings
        self.database = database
    }

    /// A password from `file` (its first line; the file only its owner may read; `-`: standard input).
    public static func password(fromFile file: String) throws -> String {
        do {
            return try PasswordFile.read(file)
        } catch PasswordFile.Failure.missing(let p) {
            throw CentralError.badArgument("cannot read the password file \(p)")
        } catch PasswordFile.Failure.readableByOthers(let p) {
            throw CentralError.badArgument("\(p) can be read by other users: chmod 600 \(p)")
        }
    }

    /// Pushes now. The county's database is read in one read transaction (a consistent state, whatever
    /// the daemon writes meanwhile); nothing in it changes.
    public func run() throws -> Outcome {
        let password = try settings.passwordFile.map(Self.password(fromFile:))
        let local = try Connection(path: database, readOnly: true)
        defer { local.close() }
        try local.execute("BEGIN")
        defer { try? local.execute("COMMIT") }
        guard try local.scalarInt("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL") ?? 0 > 0 else {
            throw CentralError.nothingToPush(database: database)
        }
        let foreign = try local.prepare("""
            SELECT DISTINCT town_code FROM enrollment WHERE substr(COALESCE(town_code, ''), 1, 6) <> ? ORDER BY 1
            """, persistent: false).query([.text(settings.county)]).map { row -> String in
                if case .text(let t) = row[0] { return t } else { return "(none)" }
            }
        guard foreign.isEmpty else { throw CentralError.countyMismatch(county: settings.county, towns: foreign) }

        let pg = try PGConnection(url: settings.url, password: password, application: "recond push \(settings.county)",
                                  statementTimeout: Self.statementTimeout)
        guard let id = try pg.query("INSERT INTO pushes(county) VALUES ($1) RETURNING id", [settings.county]).first?[0]
            .flatMap({ Int64($0 ?? "") }) else {
            throw CentralError.schema("the central store gave no push id: is it migrated (`recon-central migrate`)?")
        }
        do {
            return try send(local, to: pg, push: id)
        } catch {
            _ = try? pg.execute("ROLLBACK")
            // The failure on record, through this connection if it still stands, else a new one.
            let record = "UPDATE pushes SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1"
            let text = String("\(error)".prefix(2000))
            if (try? pg.query(record, [String(id), text])) == nil,
               let again = try? PGConnection(url: settings.url, password: password, application: "recond push \(settings.county)") {
                _ = try? again.query(record, [String(id), text])
            }
            throw error
        }
    }

    /// The stages filled and merged, and the push recorded as ok — one transaction.
    func send(_ local: Connection, to pg: PGConnection, push id: Int64) throws -> Outcome {
        var outcome = Outcome(pushID: id)
        try pg.execute("BEGIN")
        try pg.execute(CentralSQL.pushBegin)
        for stage in Self.stages {
            let n = try pg.copy(into: "stage_" + stage.table, columns: ["county"] + stage.columns) { w in
                let rows = try local.prepare(stage.select, persistent: false)
                while try rows.step() {
                    w.add(settings.county)
                    for i in 0..<Int32(stage.columns.count) { w.add(rows.columnIsNull(i) ? nil : rows.columnText(i)) }
                    try w.endRow()
                }
            }
            switch stage.table {
            case "files": outcome.files = n
            case "payments": outcome.payments = n
            case "roster": outcome.rosterRows = n
            case "deaths": outcome.deaths = n
            case "findings": outcome.findings = n
            default: outcome.reviews = n
            }
        }
        let merged = try pg.execute(CentralSQL.pushMerge)
        outcome.replaced = (merged.first?[5] ?? nil).map { $0.split(separator: ",").map(String.init) } ?? []
        try pg.query("""
            UPDATE pushes SET status = 'ok', finished_at = now(), files = $2, payments = $3, roster_rows = $4, deaths = $5,
                findings = $6 WHERE id = $1
            """, [String(id), String(outcome.files), String(outcome.payments), String(outcome.rosterRows),
                  String(outcome.deaths), String(outcome.findings)])
        try pg.execute("COMMIT")
        return outcome
    }

    /// Each stage: its table (after `stage_`), its columns after `county` (`sql/central/README.md`),
    /// and the query of the county's database that gives them in that order.
    static let stages: [(table: String, columns: [String], select: String)] = [
        ("files", ["name", "sha256", "format", "status", "rows", "rejected_rows", "error", "received_at"],
         "SELECT name, sha256, format, status, rows, rejected_rows, error, received_at FROM files_v1"),
        ("payments", ["channel", "txn_ref", "kind", "original_ref", "id_number", "id_valid", "insurance", "year", "amount_fen",
                      "paid_at", "payer_key", "name", "source_file", "source_line", "effective"],
         """
         SELECT channel, txn_ref, kind, original_ref, id_number, id_valid, insurance, year, amount_fen, paid_at, payer_key,
                name, source_file, source_line, effective FROM payments_v1
         """),
        ("roster", ["id_number", "id_valid", "insurance", "name", "household", "town_code", "village_code", "status"],
         "SELECT id_number, id_valid, insurance, name, household, town_code, village_code, status FROM enrollment"),
        // The standing record of each ID: the latest 通报日期, on a tie the later 死亡日期 (CENTRAL.md).
        ("deaths", ["id_number", "id_valid", "death_date", "reported_date"],
         """
         SELECT id_number, id_valid, death_date, notice_date FROM (
             SELECT id_number, id_valid, death_date, notice_date, row_number() OVER (
                 PARTITION BY id_number ORDER BY notice_date DESC, death_date DESC) AS n FROM deaths) WHERE n = 1
         """),
        ("findings", ["code", "subject", "severity", "status", "year", "id_number", "insurance", "channel", "txn_ref",
                      "town_code", "village_code", "amount_fen", "detail", "first_seen_at", "last_seen_at", "review_state",
                      "review_note"],
         """
         SELECT code, subject, severity, status, year, id_number, insurance, channel, txn_ref, town_code, village_code,
                amount_fen, detail, first_seen_at, last_seen_at, review_state, review_note FROM findings_v1
         """),
        ("reviews", ["code", "subject", "state", "reviewer", "note", "at"],
         "SELECT code, subject, state, reviewer, note, at FROM reviews_v1"),
    ]
}
