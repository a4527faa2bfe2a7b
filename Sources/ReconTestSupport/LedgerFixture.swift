import Foundation

/// Tax-ledger (金三) lines of a ledger-only channel (爱山东) in the real CSV layout: the filler of
/// every test that needs a good ledger file beside the case it is about.
package enum LedgerFixture {
    package static let header = "电子税票号码,证件号码,姓名,征收品目,所属年度,缴费类型,金额,缴费渠道,渠道流水号,缴款时间,入库日期,乡镇代码,原电子税票号码"

    /// One line, unique per (file, n), with fields to override.
    package static func line(_ file: Int, _ n: Int, amount: String = "380.00", paidAt: String = "2023-12-30 09:10:11",
                             booked: String = "2023-12-31", name: String = "孙兰婷") -> String {
        let ticket = String(format: "3%02d%015d", file, n)
        let ref = String(format: "ASD%02d%010d", file, n)
        return "\(ticket),370406196904257265,\(name),城乡居民基本医疗保险费,2024,个人缴费,\(amount),爱山东,\(ref),\(paidAt),\(booked),370406106,"
    }

    /// A ledger file: header, `good` good lines, then the given extra lines (line numbers follow).
    package static func file(_ file: Int, good: Int = 3, extra: [String] = []) -> [String] {
        [header] + (0..<good).map { line(file, $0) } + extra
    }
}
