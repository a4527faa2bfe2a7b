import Foundation
import XCTest

@testable import ReconCore

/// Load and rule timing over a million payments (set RULES_PERF=1; meant for release builds:
/// `swift test -c release -Xswiftc -enable-testing --filter RulesPerfTests`).
final class RulesPerfTests: XCTestCase {
    /// SQL for a valid 18-character ID from a 17-digit body expression `b`.
    static func idSQL(_ b: String) -> String {
        let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = w.enumerated().map { "substr(\(b), \($0.offset + 1), 1) * \($0.element)" }.joined(separator: " + ")
        return "\(b) || substr('10X98765432', ((\(sum)) % 11) + 1, 1)"
    }

    func testMillionPayments() throws {
        guard ProcessInfo.processInfo.environment["RULES_PERF"] != nil else { throw XCTSkip("set RULES_PERF=1") }
        let persons = Int(ProcessInfo.processInfo.environment["RULES_PERF_PERSONS"] ?? "") ?? 500_000
        let t = try TestInbox()
        let path = ProcessInfo.processInfo.environment["RULES_PERF_DB"] ?? t.database
        let reuse = FileManager.default.fileExists(atPath: path)
        let store = try Store(path: path)
        let db = store.db
        let t0 = Date()
        if !reuse {
        let body = "('370406' || strftime('%Y%m%d', date('1965-01-01', '+' || (n / 40) || ' days')) || printf('%03d', n % 40))"
        try db.transaction {
            try db.execute("""
                INSERT INTO files(id, name, sha256, format, file_date, status, received_at, sets_as_of)
                VALUES (1, 'wx_1_20231231.csv.gz', 'x', 'wechat', '2023-12-31', 'ingested', '2024-01-01 00:00:00', 1);
                CREATE TEMP TABLE people AS
                    WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < \(persons - 1))
                    SELECT n, \(Self.idSQL(body)) AS id FROM c;
                INSERT INTO enrollment(id_number, id_valid, name, sex, birth_date, household, town_code, village_code,
                                       village_name, insurance, status, residence, student, tier_yuan, registered_on,
                                       file_id, line_no)
                    SELECT id, 1, '张三', '男', '1980-01-01', 'H' || (n / 4), '3704061' || printf('%02d', n % 12),
                           '3704061' || printf('%02d', n % 12) || printf('%03d', (n / 12) % 40), '村', ins, '正常',
                           '本区户籍', 0, NULL, '2015-01-01', 1, n * 2 + (ins = 'medical')
                    FROM people, (SELECT 'pension' AS ins UNION ALL SELECT 'medical');
                INSERT INTO records(channel, kind, ref, id_number, id_valid, insurance, year, amount_fen, paid_at,
                                    payer_key, file_id, file_name, file_date, line_no, is_primary)
                    SELECT 'wechat', 'payment', 'SW' || (n * 2 + (ins = 'medical')), id, 1, ins, 2024,
                           CASE ins WHEN 'medical' THEN 38000 ELSE 50000 END,
                           datetime('2023-10-01 08:00:00', '+' || ((n * 37) % 7800000) || ' seconds'),
                           'o' || (n / 2), 1, 'wx_1_20231231.csv.gz', '2023-12-31', n * 2 + (ins = 'medical'), 1
                    FROM people, (SELECT 'pension' AS ins UNION ALL SELECT 'medical');
                INSERT INTO ledger(ticket, id_number, id_valid, name, insurance, year, pay_type, amount_fen, channel,
                                   channel_ref, paid_at, booked_on, town_code, file_id, line_no)
                    SELECT 'T' || ref, id_number, 1, '张三', insurance, 2024, 'personal', amount_fen, 'wechat', ref,
                           paid_at, substr(paid_at, 1, 10), '370406101', 1, line_no
                    FROM records WHERE line_no % 1000 <> 7;
                """)
        }
        }
        print(String(format: "perf: built %d persons, %d payments in %.1f s", persons, persons * 2, Date().timeIntervalSince(t0)))
        var t1 = Date()
        let v = try JoinedView.load(store: store, asOf: LocalDate(year: 2024, month: 1, day: 20))
        print(String(format: "perf: view loaded in %.2f s", Date().timeIntervalSince(t1)))
        t1 = Date()
        let found = Reconciler.findings(v)
        print(String(format: "perf: %d findings in %.2f s", found.count, Date().timeIntervalSince(t1)))
        for (stage, seconds) in v.timings { print(String(format: "perf:   %@ %.3f s", stage, seconds)) }
        if ProcessInfo.processInfo.environment["RULES_PERF_VIEW_ONLY"] != nil { return }
        t1 = Date()
        let s = try Reconciler(store: store).run(asOf: LocalDate(year: 2024, month: 1, day: 20))
        print(String(format: "perf: first run %.2f s (%d open)", Date().timeIntervalSince(t1), s.open))
        t1 = Date()
        let s2 = try Reconciler(store: store).run(asOf: LocalDate(year: 2024, month: 1, day: 20))
        print(String(format: "perf: second run %.2f s (%d open, %d new)", Date().timeIntervalSince(t1), s2.open, s2.new))
        XCTAssertEqual(s2.new, 0)
    }
}
