import Foundation
import XCTest

@testable import ReconCore
@testable import ReconReports
import ReconTestSupport

/// The reports' hand-made county: two towns, nine persons, real gzip'd files through the real ingest,
/// two runs — every figure of every report is known (worked out in the comments of `build`).
///
/// | person | born | village | enrolled | pays (coverage year 2024) |
/// |---|---|---|---|---|
/// | P1 张伟民 | 1970-05-01 (53) | V1 | both | wechat pension 500, medical 380 |
/// | P2 李建国 | 1990-03-02 (33) | V1 | both | bank pension 350 (网点 103001001); died 2023-12-15 |
/// | P3 王秀英 | 1985-07-07 (38) | V1 | both | run 2: wechat pension 350 on 2024-01-05 (late) |
/// | P8 赵强 | 1980-01-01 (44) | V1 | both | gov pension 100 (重度残疾一级), bank medical 380 (网点 103001002, not in the ledger) |
/// | P4 孙玉兰 | 1950-01-15 (73) | V2 | medical | gov medical 380 |
/// | P5 周桂芳 | 1960-06-01 (63) | V2 | medical | gov medical 190, wechat medical 190 |
/// | P6 吴海涛 | 1975-02-02 (48) | V2 | both | wechat pension 800; wechat medical 380 refunded on 11-25 |
/// | P7 郑子轩 | 2005-09-09 (18, student) | V2 | both | wechat medical 380 (not in the ledger) |
/// | P9 冯某 | 1988-08-08 | — | — | wechat medical 380 (run 1: ledger only; run 2: the statement) |
///
/// V1 = 370406101001 测试村 (西集镇 370406101), V2 = 370406102001 东庄村 (城头镇 370406102).
final class ReportWorld {
    let w: RulesWorld
    var db: String { w.inbox.database }

    static let p1 = RulesWorld.id("19700501", 11), p2 = RulesWorld.id("19900302", 21), p3 = RulesWorld.id("19850707", 31)
    static let p8 = RulesWorld.id("19800101", 81), p4 = RulesWorld.id("19500115", 41), p5 = RulesWorld.id("19600601", 51)
    static let p6 = RulesWorld.id("19750202", 61), p7 = RulesWorld.id("20050909", 71), p9 = RulesWorld.id("19880808", 91)
    static let v1 = "370406101001", v2 = "370406102001", t1 = "370406101", t2 = "370406102"

    init() throws {
        w = try RulesWorld()
        try runOne()
        try runTwo()
    }

    /// Run 1: the roster, the references and the payments of November.
    func runOne() throws {
        let h1 = "3704061010010001", h2 = "3704061010010002", h3 = "3704061020010001", h4 = "3704061020010002"
        w.enrolBoth(Self.p1, "张伟民", household: h1, village: Self.v1)
        w.enrolBoth(Self.p2, "李建国", household: h1, village: Self.v1)
        w.enrolBoth(Self.p3, "王秀英", household: h1, village: Self.v1)
        w.enrolBoth(Self.p8, "赵强", household: h2, village: Self.v1)
        for (id, name, h) in [(Self.p4, "孙玉兰", h3), (Self.p5, "周桂芳", h3)] {
            w.enrol(id, name, .medical, household: h, town: Self.t2, village: Self.v2, villageName: "东庄村")
        }
        for ins in Insurance.allCases {
            w.enrol(Self.p6, "吴海涛", ins, household: h4, town: Self.t2, village: Self.v2, villageName: "东庄村")
            w.enrol(Self.p7, "郑子轩", ins, household: h4, town: Self.t2, village: Self.v2, villageName: "东庄村",
                    student: true)
        }
        w.assist(Self.p8, "重度残疾一级", .pension)
        w.death(Self.p2, died: "2023-12-15", notice: "2024-01-02")

        w.wechat("WXP1YL", Self.p1, .pension, "500.00", at: "2023-11-20 10:00:00", openid: "oP1")
        w.wechat("WXP1YB", Self.p1, .medical, "380.00", at: "2023-11-20 10:05:00", openid: "oP1")
        w.bank("BKP2YL", Self.p2, "李建国", .pension, "350.00", at: "2023-11-20 11:00:00")
        w.gov("GOVP8YL", Self.p8, .pension, "100.00", at: "2023-11-20 09:00:00")
        w.bank("BKP8YB", Self.p8, "赵强", .medical, "380.00", at: "2023-11-22 11:00:00", account: "6228480000000000002",
               inLedger: false, agent: "103001002")
        w.gov("GOVP4YB", Self.p4, .medical, "380.00", at: "2023-11-20 09:10:00")
        w.gov("GOVP5YB", Self.p5, .medical, "190.00", at: "2023-11-20 09:20:00")
        w.wechat("WXP5YB", Self.p5, .medical, "190.00", at: "2023-11-21 09:00:00", openid: "oP5")
        w.wechat("WXP6YL", Self.p6, .pension, "800.00", at: "2023-11-22 10:00:00", openid: "oP6")
        w.wechat("WXP6YB", Self.p6, .medical, "380.00", at: "2023-11-22 10:05:00", openid: "oP6", inLedger: false)
        let ticket = w.ledger(.wechat, "WXP6YB", Self.p6, .medical, "380.00", at: "2023-11-22 10:05:00")
        w.wechatRefund("RFP6YB", original: "WXP6YB", Self.p6, .medical, "380.00", at: "2023-11-25 10:00:00", openid: "oP6")
        w.ledger(.wechat, "RFP6YB", Self.p6, .medical, "-380.00", at: "2023-11-25 10:00:00", type: "退费",
                 originalTicket: ticket)
        w.wechat("WXP7YB", Self.p7, .medical, "380.00", at: "2023-11-21 15:00:00", openid: "oP7", inLedger: false)
        // P9: the ledger row only; its statement arrives in run 2.
        w.ledger(.wechat, "WXP9YB", Self.p9, .medical, "380.00", at: "2023-11-23 10:00:00", name: "冯某")
        // Claims: 101 all right; 102 fiscal one person and 640 too many, half_paid one person and 190 too many.
        w.claim(Self.t1, .pension, "缴费补贴", persons: 4, amount: "150.00")
        w.claim(Self.t1, .pension, "重残代缴", persons: 1, amount: "100.00")
        w.claim(Self.t1, .medical, "财政补助", persons: 2, amount: "1280.00")
        w.claim(Self.t2, .medical, "财政补助", persons: 4, amount: "2560.00")
        w.claim(Self.t2, .medical, "全额代缴", persons: 1, amount: "380.00")
        w.claim(Self.t2, .medical, "半额代缴", persons: 2, amount: "380.00")
        try w.reconcile()
    }

    /// Run 2: P9's statement (resolves LEDGER_WITHOUT_PAYMENT, opens NOT_ENROLLED), P3's late payment
    /// (LATE_PAYMENT), a wechat file whose totals are wrong (quarantined) and a ledger line that is broken
    /// (rejected) — written and ingested like recond's run --once.
    func runTwo() throws {
        w.wechat("WXP9YB", Self.p9, .medical, "380.00", at: "2023-11-23 10:00:00", openid: "oP9", inLedger: false)
        w.wechat("WXP3YL", Self.p3, .pension, "350.00", at: "2024-01-05 20:00:00", openid: "oP3")
        w.pending["jinsan_ledger_20240105.csv.gz", default: []].append(
            "3370406999999,\(Self.p3),王秀英,城乡居民基本养老保险费,2024,个人缴费,三百五,微信,WXBROKEN,2024-01-05 20:00:00,2024-01-05,370406101,")
        for (name, lines) in w.pending { try w.render(name, lines) }
        w.pending = [:]
        let wrong = [WeChatStatement.columns.joined(separator: ","),
                     ["2023-11-27 10:00:00", "wx3f6a2c9e81d4b705", "1600000001", "0", "", "4200001900", "WXBAD", "oX", "JSAPI",
                      "SUCCESS", "OTHERS", "CNY", "380.00", "0.00", "", "", "0.00", "0.00", "", "", RulesWorld.product(.medical, 2024),
                      Self.p3, "0.00000", "0.60%", "380.00", "0.00", ""].map { "`" + $0 }.joined(separator: ","),
                     WeChatStatement.summaryHeader, "`5,`999.00,`0.00,`0.00,`0.00000,`999.00,`0.00"]
        try w.inbox.write("wx_1600000001_20231127.csv.gz", lines: wrong, crlf: true, bom: true)
        let reconciler = Reconciler(store: w.store, policies: w.policies)
        let run = try reconciler.beginRun()
        let ingest = try Ingestor(store: w.store).ingest(directory: w.inbox.inbox, runID: run)
        XCTAssertEqual(ingest.filesQuarantined, 1)
        XCTAssertEqual(ingest.rowsRejected, 1)
        _ = try ReconcileRun(reconciler).run(asOf: LocalDate("2024-01-20"), ingest: ingest, runID: run)
    }

    func report(_ q: ReportQuery) throws -> Report { try q.run(on: ReportDatabase(path: db)) }
}

/// Cells of a report section, for assertions.
extension ReportSection {
    /// The row whose column `key` reads `value` (display text).
    func row(_ key: String, _ value: String) -> [String: ReportValue]? {
        guard let i = column(key), let r = rows.first(where: { $0[i].display(grouped: false) == value }) else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(columns.map(\.key), r))
    }

    var totalsByKey: [String: ReportValue] {
        Dictionary(uniqueKeysWithValues: zip(columns.map(\.key), totals ?? []))
    }
}
