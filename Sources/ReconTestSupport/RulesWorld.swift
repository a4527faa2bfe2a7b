import Foundation
import XCTest

import ReconCore
import SQLiteStore

/// A small district written as real gzip'd files in the real formats (FORMATS.md), ingested with the
/// real `Ingestor` and reconciled with the real `Reconciler`: the fixture of the Rules*Tests.
///
/// Methods add lines to pending files; `reconcile` writes the pending files to the inbox, ingests
/// what is new, and runs the rules. Statement payments get their ledger 个人缴费 row by default.
package final class RulesWorld {
    package let inbox: TestInbox
    package var policies: PolicySet = .builtin
    /// Pending lines per file name (without header and footer).
    package var pending: [String: [String]] = [:]
    package var rosterDate = "20230928"
    package var ticket = 100_000
    /// Enrolled names by ID text: the default name of ledger rows.
    package var names: [String: String] = [:]
    package let store: Store

    package init() throws {
        inbox = try TestInbox()
        store = try Store(path: inbox.database)
    }

    // MARK: IDs

    /// A valid 18-character ID with the given birth date (YYYYMMDD) and sequence.
    /// The 17 digits `body` completed with their check character (GB 11643).
    package static func withCheckCharacter(_ body: String) -> String {
        body + String(IDNumber.checkCharacter(forDigits: Array(body.utf8)))
    }

    package static func id(_ birth: String, _ seq: Int, region: String = "370406") -> String {
        let s = String(seq)
        let body = region + birth + String(repeating: "0", count: 3 - s.count) + s
        return withCheckCharacter(body)
    }

    /// The legacy 15-digit form of an ID born in the 1900s.
    package static func legacy15(_ id18: String) -> String {
        let c = Array(id18)
        return String(c[0..<6]) + String(c[8..<17])
    }

    // MARK: Reference data

    package func enrol(_ id: String, _ name: String, _ insurance: Insurance, household: String = "3704061010010001",
               town: String = "370406101", village: String = "370406101001", villageName: String = "测试村",
               status: String = "正常", student: Bool = false, tier: Int? = nil) {
        names[id] = name
        let b: (year: Int, month: Int, day: Int) = IDNumber(id).map { $0.birthDate } ?? (1980, 1, 1)
        let birth = String(format: "%04d-%02d-%02d", b.year, b.month, b.day)
        let tierText = insurance == .pension ? String(tier ?? 500) : ""
        pending["enrollment_\(rosterDate).csv.gz", default: []].append(
            "\(id),\(name),男,\(birth),\(household),\(town),\(village),\(villageName),\(insurance.chinese),\(status),本区户籍,"
                + "\(student ? "是" : "否"),\(tierText),2015-01-01")
    }

    /// Both insurances.
    package func enrolBoth(_ id: String, _ name: String, household: String = "3704061010010001", village: String = "370406101001") {
        enrol(id, name, .pension, household: household, village: village)
        enrol(id, name, .medical, household: household, village: village)
    }

    package func death(_ id: String, died: String, notice: String, file: String = "20231105", source: String = "公安") {
        pending["deaths_\(file).csv.gz", default: []].append("\(id),某人,\(died),\(source),\(notice)")
    }

    package func assist(_ id: String, _ category: String, _ insurance: Insurance, from: String = "2022-01-01", until: String = "") {
        pending["assistance_20231031.csv.gz", default: []].append(
            "\(id),某人,\(category),\(insurance.chinese),民政局,\(from),\(until)")
    }

    package func employee(_ id: String, _ insurance: Insurance, from: String = "2018-03-01", until: String = "") {
        pending["employee_insured_20231015.csv.gz", default: []].append(
            "\(id),某人,\(insurance == .pension ? "职工养老" : "职工医保"),某某公司,\(from),\(until)")
    }

    package func claim(_ town: String, _ insurance: Insurance, _ category: String, persons: Int, amount: String,
               file: String = "20240126") {
        pending["disbursement_\(file).csv.gz", default: []].append("\(town),\(insurance.chinese),\(category),\(persons),\(amount)")
    }

    // MARK: Payments

    package static func product(_ insurance: Insurance, _ year: Int) -> String { "\(year)年度\(insurance.ledgerItem)" }

    package static func fileDate(_ at: String) -> String { String(at.prefix(10)).replacingOccurrences(of: "-", with: "") }

    /// A ledger row; returns its ticket.
    @discardableResult
    package func ledger(_ channel: Channel, _ ref: String, _ id: String, _ insurance: Insurance, _ amount: String,
                at: String, type: String = "个人缴费", name: String? = nil, year: Int = 2024, booked: String? = nil,
                originalTicket: String = "", ticketNo: String? = nil) -> String {
        ticket += 1
        let t = ticketNo ?? "3370406\(ticket)"
        let day = booked ?? String(at.prefix(10))
        let name = name ?? names[id] ?? "某人"
        pending["jinsan_ledger_\(day.replacingOccurrences(of: "-", with: "")).csv.gz", default: []].append(
            "\(t),\(id),\(name),\(insurance.ledgerItem),\(year),\(type),\(amount),\(channel.ledgerName),\(ref),\(at),"
                + "\(day),370406101,\(originalTicket)")
        return t
    }

    /// A wechat SUCCESS row (and, unless `inLedger` is false, its ledger 个人缴费 row).
    package func wechat(_ ref: String, _ id: String, _ insurance: Insurance, _ amount: String, at: String = "2023-11-20 10:00:00",
                openid: String = "oPAYER0000000000000000000001", year: Int = 2024, inLedger: Bool = true,
                file: String? = nil) {
        let f = [at, "wx3f6a2c9e81d4b705", "1600000001", "0", "", "42000019\(ref)", ref, openid, "JSAPI", "SUCCESS",
                 "OTHERS", "CNY", amount, "0.00", "", "", "0.00", "0.00", "", "", RulesWorld.product(insurance, year), id,
                 "0.00000", "0.60%", amount, "0.00", ""]
        pending["wx_1600000001_\(file ?? RulesWorld.fileDate(at)).csv.gz", default: []].append(f.map { "`" + $0 }.joined(separator: ","))
        if inLedger { ledger(.wechat, ref, id, insurance, amount, at: at, year: year) }
    }

    /// A wechat REFUND row of `original`.
    package func wechatRefund(_ refundRef: String, original: String, _ id: String, _ insurance: Insurance, _ amount: String,
                      at: String, openid: String = "oPAYER0000000000000000000001", year: Int = 2024) {
        let f = [at, "wx3f6a2c9e81d4b705", "1600000001", "0", "", "42000019\(original)", original, openid, "JSAPI",
                 "REFUND", "OTHERS", "CNY", "0.00", "0.00", "5030\(refundRef)", refundRef, amount, "0.00", "ORIGINAL",
                 "SUCCESS", RulesWorld.product(insurance, year), id, "0.00000", "0.60%", amount, amount, ""]
        pending["wx_1600000001_\(RulesWorld.fileDate(at)).csv.gz", default: []].append(f.map { "`" + $0 }.joined(separator: ","))
    }

    /// A bank debit line; `failed` makes it a failed debit (no money).
    package func bank(_ ref: String, _ id: String, _ name: String, _ insurance: Insurance, _ amount: String,
              at: String = "2023-11-20 10:00:00", account: String = "6228480000000000001", failed: Bool = false,
              inLedger: Bool = true, agent: String = "103001001") {
        let line = ["#SEQ#", id, name, account, insurance.chinese, "2024", "", amount, failed ? "0.00" : amount,
                    failed ? "1" : "0", failed ? "余额不够扣" : "", ref, agent, at].joined(separator: "|")
        pending["bank_103_\(RulesWorld.fileDate(at))01_hp.txt.gz", default: []].append(line)
        if inLedger && !failed { ledger(.bank, ref, id, insurance, amount, at: at, name: name) }
    }

    /// A government payment (ledger 政府代缴 row of channel gov).
    package func gov(_ ref: String, _ id: String, _ insurance: Insurance, _ amount: String, at: String = "2023-11-20 09:00:00",
             name: String? = nil, year: Int = 2024) {
        ledger(.gov, ref, id, insurance, amount, at: at, type: "政府代缴", name: name, year: year)
    }

    // MARK: Files

    package func render(_ name: String, _ lines: [String]) throws {
        if name.hasPrefix("enrollment_") {
            try inbox.write(name, lines: [EnrollmentFile.header.joined(separator: ",")] + lines)
        } else if name.hasPrefix("deaths_") {
            try inbox.write(name, lines: ["证件号码,姓名,死亡日期,信息来源,通报日期"] + lines)
        } else if name.hasPrefix("assistance_") {
            try inbox.write(name, lines: ["证件号码,姓名,资助类别,险种,认定部门,认定日期,截止日期"] + lines, gbk: true, crlf: true)
        } else if name.hasPrefix("employee_insured_") {
            try inbox.write(name, lines: ["证件号码,姓名,险种,单位名称,参保起始日期,参保终止日期"] + lines)
        } else if name.hasPrefix("disbursement_") {
            try inbox.write(name, lines: ["乡镇代码,险种,补助类别,人数,金额"] + lines)
        } else if name.hasPrefix("jinsan_ledger_") {
            try inbox.write(name, lines: [LedgerFile.header.joined(separator: ",")] + lines)
        } else if name.hasPrefix("wx_") {
            var settle: Int64 = 0, refund: Int64 = 0, order: Int64 = 0
            for l in lines {
                let f = l.split(separator: ",", omittingEmptySubsequences: false).map { String($0.dropFirst()) }
                settle += fen(f[12]); refund += fen(f[16]); order += fen(f[24])
            }
            let summary = "`\(lines.count),`\(Money.yuan(settle)),`\(Money.yuan(refund)),`0.00,`0.00000,`\(Money.yuan(order)),`\(Money.yuan(refund))"
            try inbox.write(name, lines: [WeChatStatement.columns.joined(separator: ",")] + lines
                                + [WeChatStatement.summaryHeader, summary], crlf: true, bom: true)
        } else if name.hasPrefix("bank_") {
            let batch = name.split(separator: "_")[2]
            var rows: [String] = []
            var due: Int64 = 0, okN = 0, ok: Int64 = 0, badN = 0, bad: Int64 = 0
            for (i, l) in lines.enumerated() {
                let f = l.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                due += fen(f[7])
                if f[9] == "0" { okN += 1; ok += fen(f[8]) } else { badN += 1; bad += fen(f[7]) }
                rows.append(l.replacingOccurrences(of: "#SEQ#", with: String(i + 1)))
            }
            let header = "\(batch)|23704060000|\(batch.prefix(8))|\(lines.count)|\(Money.yuan(due))|\(okN)|\(Money.yuan(ok))|\(badN)|\(Money.yuan(bad))"
            try inbox.write(name, lines: [header] + rows, gbk: true, crlf: true)
        } else {
            XCTFail("no renderer for \(name)")
        }
    }

    package func fen(_ s: String) -> Int64 {
        if case .success(let v) = Money.fen(fromYuan: Array(s.utf8)) { return v }
        return 0
    }

    /// Writes the pending files, ingests the new ones, reconciles.
    @discardableResult
    package func reconcile(asOf: String? = "2024-01-20", file: StaticString = #filePath, line: UInt = #line) throws -> ReconcileSummary {
        for (name, lines) in pending { try render(name, lines) }
        pending = [:]
        // As recond's run --once does: the run's row first, so the files it ingests carry its id.
        let reconciler = Reconciler(store: store, policies: policies)
        let runID = try reconciler.beginRun()
        let ingest = try Ingestor(store: store).ingest(directory: inbox.inbox, runID: runID)
        XCTAssertEqual(ingest.filesQuarantined, 0, "a fixture file was quarantined: "
                       + ((try? inbox.query("SELECT name, error FROM files_v1 WHERE status = 'quarantined'"))
                          .map { "\($0)" } ?? ""), file: file, line: line)
        XCTAssertEqual(ingest.rowsRejected, 0, "a fixture line was rejected: "
                       + ((try? inbox.query("SELECT * FROM rejects_v1")).map { "\($0)" } ?? ""), file: file, line: line)
        return try ReconcileRun(reconciler).run(asOf: asOf.flatMap(LocalDate.init), ingest: ingest, runID: runID)
    }

    /// Subjects of the open findings of a code.
    package func open(_ code: FindingCode) throws -> [String] {
        try inbox.query("SELECT subject FROM findings_v1 WHERE status = 'open' AND code = '\(code.rawValue)' ORDER BY subject")
            .map { if case .text(let s) = $0[0] { return s }; return "" }
    }

    /// Every open (code, subject), as "CODE subject".
    package func allOpen() throws -> [String] {
        try inbox.query("SELECT code || ' ' || subject FROM findings_v1 WHERE status = 'open' ORDER BY code, subject")
            .map { if case .text(let s) = $0[0] { return s }; return "" }
    }

    /// One column of a finding.
    package func column(_ code: FindingCode, _ subject: String, _ column: String) throws -> SQLValue? {
        let db = try Connection(path: inbox.database, readOnly: true)
        let s = try db.prepare("SELECT \(column) FROM findings_v1 WHERE code = ? AND subject = ?", persistent: false)
        s.bind(1, code.rawValue)
        s.bind(2, subject)
        return try s.step() ? s.columnValue(0) : nil
    }

    /// The finding's detail as a JSON object.
    package func detail(_ code: FindingCode, _ subject: String) throws -> [String: Any] {
        guard case .text(let t)? = try column(code, subject, "detail"),
              let o = try JSONSerialization.jsonObject(with: Data(t.utf8)) as? [String: Any] else { return [:] }
        return o
    }
}
