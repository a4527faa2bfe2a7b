/// wechat: 总交易单数 = data rows; 应结订单总金额 = Σ 应结订单金额; 退款总金额 = Σ 退款金额.
enum WeChatSummaryTotals {
    static func verify(_ t: TotalsAccumulator, footer: [[String]]) -> FileError? {
        guard footer.count == 2, footer[1].count >= 3 else { return .summaryLinesMissing }
        let v = footer[1]
        guard let n = Int(v[0]) else { return .wechatCountUnparsable(got: v[0]) }
        if n != t.all { return Totals.mismatch("总交易单数", declared: v[0], actual: String(t.all)) }
        guard let settle = Totals.yuan(v[1]), let refund = Totals.yuan(v[2]) else {
            return .wechatAmountUnparsable
        }
        if settle != t.sumAll(12) {
            return Totals.mismatch("应结订单总金额", declared: Money.yuan(settle), actual: Money.yuan(t.sumAll(12)))
        }
        if refund != t.sumAll(16) {
            return Totals.mismatch("退款总金额", declared: Money.yuan(refund), actual: Money.yuan(t.sumAll(16)))
        }
        return nil
    }
}
