/// alipay: `#交易合计：{n}笔，商家实收共{x}元…` and `#退款合计：{m}笔，商家实收退款共{y}元…`
/// (n, x over 交易 rows; m, y over 退款 rows, y negative).
enum AlipayFooterTotals {
    static func verify(_ t: TotalsAccumulator, comments: [String]) -> FileError? {
        guard let pay = comments.first(where: { $0.hasPrefix("#交易合计：") }),
              let ref = comments.first(where: { $0.hasPrefix("#退款合计：") }) else {
            return .alipayFooterMissing
        }
        guard let (n, x) = numbers(pay, "#交易合计：", "笔，商家实收共"),
              let (m, y) = numbers(ref, "#退款合计：", "笔，商家实收退款共") else {
            return .alipayFooterUnparsable
        }
        return Totals.check("交易合计", count: n, amount: x, rows: t.n(.payment), fen: t.sum(12, .payment))
            ?? Totals.check("退款合计", count: m, amount: y, rows: t.n(.reversal), fen: t.sum(12, .reversal))
    }

    /// Splits `{prefix}{count}{middle}{amount}元…` into (count, amount).
    static func numbers(_ line: String, _ prefix: String, _ middle: String) -> (String, String)? {
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let m = rest.range(of: middle) else { return nil }
        let count = String(rest[..<m.lowerBound])
        let after = rest[m.upperBound...]
        guard let yuan = after.firstIndex(of: "元") else { return nil }
        return (count, String(after[..<yuan]))
    }
}
