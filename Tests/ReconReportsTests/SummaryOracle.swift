import Foundation
import XCTest

@testable import ReconCore
import SQLiteStore

/// The reports' summaries worked out a second way: plain SQL joins over the stored tables, written from
/// RULES.md's definitions (the queries the reports ran before the summaries existed). Each pair of
/// queries gives the same columns, sorted, so a summary table can be compared with its oracle whole.
struct SummaryOracle {
    let db: Connection
    /// The coverage year and its age reference day (`MMDD`), as the built-in policy has them.
    var year = 2024
    var referenceMonthDay = "0101"

    /// Effective payments with a valid ID (amount − primary reversals > 0) and the standing roster rows
    /// (the first of each valid ID and insurance), as temporary tables with the join's index.
    static let setup = """
        DROP TABLE IF EXISTS temp.eff; DROP TABLE IF EXISTS temp.person;
        CREATE TEMP TABLE eff AS
            WITH rev AS (
                SELECT channel, original_ref, SUM(amount_fen) AS fen FROM records
                WHERE kind = 'reversal' AND is_primary = 1 AND original_ref IS NOT NULL GROUP BY 1, 2)
            SELECT p.id AS record_id, p.id_number, p.insurance, p.year, p.channel, p.amount_fen,
                   p.amount_fen - COALESCE(rev.fen, 0) AS net_fen, p.paid_at
            FROM records p LEFT JOIN rev ON rev.channel = p.channel AND rev.original_ref = p.ref
            WHERE p.kind = 'payment' AND p.is_primary = 1 AND p.id_valid = 1 AND p.amount_fen - COALESCE(rev.fen, 0) > 0;
        CREATE INDEX temp.eff_person ON eff(id_number, insurance);
        CREATE TEMP TABLE person AS
            SELECT id_number, insurance, name, COALESCE(household, '') AS household, COALESCE(town_code, '') AS town_code,
                   COALESCE(village_code, '') AS village_code, COALESCE(village_name, '') AS village_name, status, student
            FROM enrollment WHERE rowid IN (SELECT min(rowid) FROM enrollment WHERE id_valid = 1 GROUP BY id_number, insurance);
        CREATE UNIQUE INDEX temp.person_key ON person(id_number, insurance);
        """

    func rows(_ sql: String) throws -> [[SQLValue]] {
        try db.prepare(sql, persistent: false).query()
    }

    /// (summary query, oracle query) per table.
    var pairs: [(table: String, summary: String, oracle: String)] {
        let statement = Channel.allCases.filter { !$0.isLedgerOnly }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        // Whole years on the reference day: one less while the birthday (MMDD) is still to come.
        let age = "\(year) - CAST(substr(p.id_number, 7, 4) AS INTEGER) - (substr(p.id_number, 11, 4) > '\(referenceMonthDay)')"
        return [
            ("report_roster_lines",
             """
             SELECT l.record_id, l.year, e.town_code, l.village_code, e.village_name, e.household, e.id_number, e.insurance,
                    e.name, r.channel, l.net_fen, r.paid_at
             FROM report_roster_lines l JOIN enrollment e ON e.line_no = l.roster_line JOIN records r ON r.id = l.record_id
             ORDER BY 1
             """,
             """
             SELECT e.record_id, e.year, p.town_code, p.village_code, p.village_name, p.household, e.id_number, e.insurance,
                    p.name, e.channel, e.net_fen, e.paid_at
             FROM eff e JOIN person p ON p.id_number = e.id_number AND p.insurance = e.insurance ORDER BY 1
             """),
            ("report_years (outside)",
             "SELECT year, outside FROM report_years WHERE outside > 0 ORDER BY 1",
             """
             SELECT e.year, count(*) FROM eff e LEFT JOIN person p ON p.id_number = e.id_number AND p.insurance = e.insurance
             WHERE p.id_number IS NULL GROUP BY 1 ORDER BY 1
             """),
            ("report_balance_days",
             "SELECT channel, day, statement_count, statement_fen, ledger_count, ledger_fen FROM report_balance_days ORDER BY 1, 2",
             """
             WITH s AS (
                 SELECT channel, substr(paid_at, 1, 10) AS day, SUM(kind = 'payment') AS n,
                        SUM(CASE kind WHEN 'payment' THEN amount_fen ELSE -amount_fen END) AS fen
                 FROM records WHERE is_primary = 1 AND channel IN (\(statement)) GROUP BY 1, 2),
             l AS (
                 SELECT channel, substr(paid_at, 1, 10) AS day, SUM(pay_type = 'personal') AS n, SUM(amount_fen) AS fen
                 FROM ledger WHERE pay_type IN ('personal', 'refund') AND channel IN (\(statement)) GROUP BY 1, 2),
             k AS (SELECT channel, day FROM s UNION SELECT channel, day FROM l)
             SELECT k.channel, k.day, COALESCE(s.n, 0), COALESCE(s.fen, 0), COALESCE(l.n, 0), COALESCE(l.fen, 0)
             FROM k LEFT JOIN s USING (channel, day) LEFT JOIN l USING (channel, day) ORDER BY 1, 2
             """),
            ("report_balance_agents",
             "SELECT channel, agent, statement_count, statement_fen, ledger_count, ledger_fen FROM report_balance_agents ORDER BY 1, 2",
             """
             WITH s AS (
                 SELECT channel, agent, SUM(kind = 'payment') AS n,
                        SUM(CASE kind WHEN 'payment' THEN amount_fen ELSE -amount_fen END) AS fen
                 FROM records WHERE is_primary = 1 AND agent IS NOT NULL AND agent <> '' AND channel IN (\(statement))
                 GROUP BY 1, 2),
             l AS (
                 SELECT l.channel, COALESCE(r.agent, '') AS agent, SUM(l.pay_type = 'personal') AS n, SUM(l.amount_fen) AS fen
                 FROM ledger l LEFT JOIN records r
                   ON r.channel = l.channel AND r.is_primary = 1 AND r.ref = l.channel_ref
                  AND r.kind = CASE l.pay_type WHEN 'refund' THEN 'reversal' ELSE 'payment' END
                 WHERE l.pay_type IN ('personal', 'refund') AND l.channel IN (SELECT DISTINCT channel FROM s)
                 GROUP BY 1, 2),
             k AS (SELECT channel, agent FROM s UNION SELECT channel, agent FROM l)
             SELECT k.channel, k.agent, COALESCE(s.n, 0), COALESCE(s.fen, 0), COALESCE(l.n, 0), COALESCE(l.fen, 0)
             FROM k LEFT JOIN s USING (channel, agent) LEFT JOIN l USING (channel, agent) ORDER BY 1, 2
             """),
            ("report_subsidy_facts",
             "SELECT year, town_code, fact, amount_fen, persons, total_fen FROM report_subsidy_facts ORDER BY 1, 2, 3, 4",
             """
             WITH py AS (
                 SELECT e.year, p.town_code, e.id_number, e.insurance, max(e.amount_fen) AS largest,
                        SUM(CASE WHEN e.channel = 'gov' THEN e.amount_fen END) AS gov
                 FROM eff e JOIN person p ON p.id_number = e.id_number AND p.insurance = e.insurance GROUP BY 1, 3, 4),
             gm AS (
                 SELECT e.year, p.town_code, e.id_number, e.amount_fen, SUM(e.amount_fen) AS fen
                 FROM eff e JOIN person p ON p.id_number = e.id_number AND p.insurance = e.insurance
                 WHERE e.channel = 'gov' AND e.insurance = 'medical' GROUP BY 1, 3, 4)
             SELECT * FROM (
                 SELECT year, town_code, 'pension_largest', largest, count(*), 0 FROM py WHERE insurance = 'pension' GROUP BY 1, 2, 4
                 UNION ALL
                 SELECT year, town_code, 'pension_government', 0, count(*), SUM(gov) FROM py
                 WHERE insurance = 'pension' AND gov IS NOT NULL GROUP BY 1, 2
                 UNION ALL
                 SELECT year, town_code, 'medical', 0, count(*), 0 FROM py WHERE insurance = 'medical' GROUP BY 1, 2
                 UNION ALL
                 SELECT year, town_code, 'medical_government', amount_fen, count(*), SUM(fen) FROM gm GROUP BY 1, 2, 4)
             ORDER BY 1, 2, 3, 4
             """),
            ("report_coverage",
             """
             SELECT village_code, insurance, age, student, covered, personal, SUM(persons) FROM report_coverage
             WHERE year = \(year) GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
             """,
             """
             WITH cov AS (SELECT id_number, insurance, max(channel <> 'gov') AS personal FROM eff WHERE year = \(year) GROUP BY 1, 2)
             SELECT p.village_code, p.insurance, CASE p.insurance WHEN 'pension' THEN \(age) END, p.student,
                    c.id_number IS NOT NULL, COALESCE(c.personal, 0), count(*)
             FROM person p LEFT JOIN cov c ON c.id_number = p.id_number AND c.insurance = p.insurance
             WHERE p.status = '正常' GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
             """),
            ("report_unpaid",
             """
             SELECT town_code, village_code, household, id_number, insurance, name, age, student, death_date, employed
             FROM report_unpaid WHERE year = \(year) ORDER BY 1, 2, 3, 4, 5
             """,
             """
             WITH cov AS (SELECT DISTINCT id_number, insurance FROM eff WHERE year = \(year))
             SELECT p.town_code, p.village_code, p.household, p.id_number, p.insurance, p.name, \(age), p.student,
                    (SELECT death_date FROM deaths d WHERE d.id_valid = 1 AND d.id_number = p.id_number
                     ORDER BY notice_date DESC, file_date DESC, file_name DESC, line_no DESC LIMIT 1),
                    EXISTS (SELECT 1 FROM employee m WHERE m.id_valid = 1 AND m.id_number = p.id_number
                            AND m.insurance = p.insurance AND m.starts_on <= '\(year)-12-31'
                            AND (m.ends_on IS NULL OR m.ends_on = '' OR m.ends_on >= '\(year)-01-01'))
             FROM person p LEFT JOIN cov c ON c.id_number = p.id_number AND c.insurance = p.insurance
             WHERE p.status = '正常' AND c.id_number IS NULL
             ORDER BY 1, 2, 3, 4, 5
             """),
        ]
    }

    /// Asserts every summary table equals its oracle; returns the rows compared per table.
    @discardableResult
    func check(_ label: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Int] {
        try db.execute(Self.setup)
        defer { try? db.execute("DROP TABLE temp.eff; DROP TABLE temp.person") }
        var compared: [String: Int] = [:]
        for (table, summary, oracle) in pairs {
            let got = try rows(summary), want = try rows(oracle)
            compared[table] = want.count
            XCTAssertEqual(got.count, want.count, "\(label): \(table) rows", file: file, line: line)
            for (g, w) in zip(got, want) where g != w {
                XCTFail("\(label): \(table): summary \(g) ≠ oracle \(w)", file: file, line: line)
                break
            }
        }
        return compared
    }
}
