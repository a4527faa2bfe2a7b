import Foundation
import ReconCore

/// A finding's evidence in words: a sentence saying what was found, then small tables of the records
/// it rests on, read from the finding's `detail` JSON (which JSON exports keep as it is). The findings
/// report shows it in every format; the review desk shows the same.
public struct FindingEvidence: Sendable, Hashable {
    public var sentence: String
    public var tables: [EvidenceTable]

    /// The sentence and the tables' lines, for a cell of text.
    public var text: String { ([sentence] + tables.map(\.text)).filter { !$0.isEmpty }.joined(separator: "\n") }

    /// The evidence of a finding of `code` whose detail is `detail`; a detail that is not a JSON
    /// object gives its meaning alone.
    public init(code: String, detail: String?) {
        guard let data = detail?.data(using: .utf8),
              let d = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            sentence = Labels.code(code)
            tables = []
            return
        }
        let j = JSONFields(d)
        sentence = Self.sentence(code, j)
        tables = Self.tables(j)
    }

    // MARK: the sentence

    static func sentence(_ code: String, _ d: JSONFields) -> String {
        let p = d.object("payment") ?? d.object("original_payment")
        let channel = Labels.channel(p?.string("channel"))
        let insurance = Labels.insurance(p?.string("insurance") ?? d.object("enrollment")?.string("insurance"))
        switch FindingCode(rawValue: code) {
        case .invalidID:
            return "缴费记录的证件号码 \(d.string("raw_id") ?? "") 不是有效的居民身份证号码（位数、数字、校验码或出生日期不符）。"
        case .notEnrolled:
            return "当前参保登记中没有该证件号码的\(insurance)登记。"
        case .nameMismatch:
            return "缴费记录上的姓名“\(d.string("name_on_row") ?? "")”与参保登记的姓名“\(d.string("enrolled_name") ?? "")”不符。"
        case .inactiveEnrollment:
            return "参保登记状态为“\(d.object("enrollment")?.string("status") ?? d.string("status") ?? "")”，却有\(insurance)缴费。"
        case .paidAfterDeath:
            let death = d.object("death")
            return "死亡日期 \(death?.string("death_date") ?? "")（\(death?.string("source") ?? "")，\(death?.string("notice_date") ?? "") 通报），"
                + "死亡后第 \(d.string("days_after_death") ?? "") 天仍有缴费。"
        case .duplicatePayment:
            return "同一人同一险种同一年度有 \(d.string("effective_personal_payments") ?? "0") 笔个人有效缴费、"
                + "\(d.string("effective_government_payments") ?? "0") 笔政府代缴。"
        case .nonstandardAmount:
            return "缴费金额 \(d.string("actual") ?? "") 元不是应缴标准（\(d.strings("expected").joined(separator: "、")) 元）。"
        case .tierNotAllowed:
            return "选择了 \(d.string("tier") ?? "") 元档，该档只限当年有效救助认定的人员。"
        case .shouldBeGovernmentPaid:
            return "此人的\(insurance)个人缴费应由政府全额代缴（\(d.object("facts")?.string("age").map { "\($0) 岁" } ?? "")），本人不应缴费。"
        case .missingGovernmentPayment:
            return "此人应由政府代缴\(insurance) \(d.string("expected_government_payment") ?? "") 元，截至 \(d.string("as_of") ?? "") 尚无代缴。"
        case .governmentPaidIneligible:
            return "政府代缴了此人的\(insurance)，但此人既不满 60 岁（\(d.object("facts")?.string("age") ?? "") 岁），也不在全额代缴的救助名单上。"
        case .ineligiblePension:
            return "不符合城乡居民养老保险参保条件（\(d.string("age").map { "\($0) 岁" } ?? "")"
                + "\(d.bool("student") == true ? "，在校学生" : "")，参保年龄 \(d.string("pension_age") ?? "")）。"
        case .employeeInsured:
            return "此人已参加职工保险（\(d.array("employee_insurance").compactMap { $0.string("employer") }.joined(separator: "、"))），不应再缴城乡居民保险。"
        case .latePayment:
            return "缴费时间晚于征缴期（截至 \(d.string("window_end") ?? "")），待遇自 \(d.string("cover_starts") ?? "") 起享受（等待期 \(d.string("waiting_days") ?? "") 天）。"
        case .refundAfterCutoff:
            return "退费发生在退费截止日（\(d.string("refunds_until") ?? "")）之后。"
        case .pooledAccount:
            return "同一付款账户（\(d.string("payer_key") ?? "")）为 \(d.string("distinct_ids") ?? "") 人（\(d.string("households") ?? "") 户）缴费，"
                + "时间 \(d.string("first_payment_at") ?? "") 至 \(d.string("last_payment_at") ?? "")：不得以个人账户归集代缴。"
        case .notInTaxLedger:
            return "\(channel)流水号 \(p?.string("txn_ref") ?? "") 在金三中没有对应的个人缴费入库记录（应于 \(d.string("due_in_ledger_by") ?? "") 前入账）。"
        case .ledgerWithoutPayment:
            let l = d.object("ledger")
            return "金三有入库记录（\(Labels.channel(l?.string("channel")))流水号 \(l?.string("channel_ref") ?? "")），渠道对账单中没有这笔缴费。"
        case .ledgerMismatch:
            let fields = d.array("ledger_rows").flatMap { $0.strings("differs_in") }.map(Self.fieldName)
            return "金三入库记录与\(channel)流水不一致：\(Array(Set(fields)).sorted().joined(separator: "、"))不同。"
        case .subsidyMismatch:
            let c = d.object("claimed"), m = d.object("computed")
            return "\(d.string("category_name") ?? "")申报 \(c?.string("persons") ?? "") 人 \(c?.string("amount") ?? "") 元，"
                + "按数据核算 \(m?.string("persons") ?? "") 人 \(m?.string("amount") ?? "") 元。"
        case .conflictingRecord:
            let fields = d.array("seen_again").flatMap { $0.strings("differs_in") }.map(Self.fieldName)
            return "同一笔记录再次送达时内容不同（\(Array(Set(fields)).sorted().joined(separator: "、"))）；以最早送达的为准。"
        case .duplicateRecord:
            return "同一笔记录重复送达了 \(d.array("seen_again").count) 次；只计一次。"
        case .noPolicy:
            return "缴费所属年度 \(d.string("coverage_year") ?? "") 没有年度政策（有政策的年度：\(d.strings("years_with_policy").joined(separator: "、"))）。"
        case nil:
            return Labels.code(code)
        }
    }

    /// A detail's field name as a clerk calls it.
    static func fieldName(_ key: String) -> String {
        ["id_number": "证件号码", "amount": "金额", "time": "时间", "paid_at": "时间", "insurance": "险种", "year": "年度",
         "name": "姓名", "channel": "渠道", "town_code": "乡镇"][key] ?? key
    }

    // MARK: the tables

    static func tables(_ d: JSONFields) -> [EvidenceTable] {
        var out: [EvidenceTable] = []
        var payments = [d.object("payment"), d.object("original_payment")].compactMap { $0 } + d.array("payments")
        if let s = d.object("standing") { payments.append(s) }
        payments += d.array("seen_again")
        if !payments.isEmpty {
            out.append(EvidenceTable(
                title: "缴费", columns: ["渠道", "时间", "金额", "险种", "年度", "证件号码", "姓名", "流水号", "来源", "有效"],
                rows: payments.map { p in
                    [Labels.channel(p.string("channel")), p.string("paid_at") ?? p.string("time") ?? "", yuan(p.string("amount")),
                     Labels.insurance(p.string("insurance")), p.string("year") ?? "", p.string("id_number") ?? "",
                     p.string("name") ?? "", p.string("txn_ref") ?? "", p.string("source") ?? "",
                     p.bool("effective").map { $0 ? "是" : "否（已退费）" } ?? ""]
                }))
        }
        if let r = d.object("reversal") {
            out.append(EvidenceTable(title: "退费", columns: ["渠道", "时间", "金额", "退费流水号"],
                                     rows: [[Labels.channel(r.string("channel")), r.string("at") ?? "", yuan(r.string("amount")),
                                             r.string("reversal_ref") ?? ""]]))
        }
        if let e = d.object("enrollment") {
            out.append(EvidenceTable(
                title: "参保登记", columns: ["姓名", "证件号码", "险种", "状态", "在校学生", "户号", "村居", "乡镇代码"],
                rows: [[e.string("name") ?? "", e.string("id_number") ?? "", Labels.insurance(e.string("insurance")),
                        e.string("status") ?? "", e.bool("student") == true ? "是" : "否", e.string("household") ?? "",
                        (e.string("village_name") ?? "") + (e.string("village_code").map { "（\($0)）" } ?? ""),
                        e.string("town_code") ?? ""]]))
        }
        let ledger = [d.object("ledger")].compactMap { $0 } + d.array("ledger_rows").compactMap { $0.object("ledger") }
        if !ledger.isEmpty {
            out.append(EvidenceTable(
                title: "金三入库", columns: ["电子税票号码", "渠道", "渠道流水号", "时间", "金额", "证件号码", "险种", "年度", "来源"],
                rows: ledger.map { l in
                    [l.string("ticket") ?? "", Labels.channel(l.string("channel")), l.string("channel_ref") ?? "",
                     l.string("paid_at") ?? "", yuan(l.string("amount")), l.string("id_number") ?? "",
                     Labels.insurance(l.string("insurance")), l.string("year") ?? "", l.string("source") ?? ""]
                }))
        }
        if let death = d.object("death") {
            out.append(EvidenceTable(title: "死亡记录", columns: ["死亡日期", "通报日期", "来源", "文件"],
                                     rows: [[death.string("death_date") ?? "", death.string("notice_date") ?? "",
                                             death.string("source") ?? "", death.string("file") ?? ""]]))
        }
        let employee = d.array("employee_insurance")
        if !employee.isEmpty {
            out.append(EvidenceTable(title: "职工参保", columns: ["单位", "险种", "起", "止"], rows: employee.map { e in
                [e.string("employer") ?? "", e.string("kind") ?? "", e.string("from") ?? "", e.string("until") ?? "至今"]
            }))
        }
        if let c = d.object("claimed"), let m = d.object("computed") {
            out.append(EvidenceTable(title: "补助", columns: ["", "人数", "金额", "来源"], rows: [
                ["申报", c.string("persons") ?? "", yuan(c.string("amount")),
                 (c.string("file") ?? "") + (c.string("line").map { ":\($0)" } ?? "")],
                ["核算", m.string("persons") ?? "", yuan(m.string("amount")), ""],
            ]))
        }
        return out
    }

    static func yuan(_ s: String?) -> String { s.map { "\($0) 元" } ?? "" }
}

/// Typed reads of a parsed JSON object.
struct JSONFields {
    let o: [String: Any]
    init(_ o: [String: Any]) { self.o = o }

    func object(_ k: String) -> JSONFields? { (o[k] as? [String: Any]).map(JSONFields.init) }
    func array(_ k: String) -> [JSONFields] { (o[k] as? [Any])?.compactMap { ($0 as? [String: Any]).map(JSONFields.init) } ?? [] }
    func bool(_ k: String) -> Bool? { o[k] as? Bool }
    func strings(_ k: String) -> [String] { (o[k] as? [Any])?.compactMap { JSONFields.text($0) } ?? [] }
    func string(_ k: String) -> String? { o[k].flatMap(JSONFields.text) }

    static func text(_ v: Any) -> String? {
        switch v {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }
}
